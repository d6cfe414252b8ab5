# Checks the folder map of docs/layout.md: every quoted include in src/core
# and src/gui names a folder that the including folder may use. Run by ctest
# as `cmake -DSOURCE_DIR=... -P check_includes.cmake`; fails listing each
# include that crosses the map.
#
# ALLOWED_<layer>_<folder>: the folders of the same layer that a folder may
# include besides itself and the layer's root files (logging, app paths).
# Other layers are checked by linking (DESIGN.md), not here.
set(ALLOWED_core_records "")
set(ALLOWED_core_protocol records)
set(ALLOWED_core_filter records store)
set(ALLOWED_core_store records)
set(ALLOWED_core_ingest records protocol filter store)
set(ALLOWED_core_export records protocol filter store)
set(ALLOWED_core_models records filter store ingest export)
set(ALLOWED_gui_paint "")
set(ALLOWED_gui_settings "")
set(ALLOWED_gui_dialogs settings paint)
set(ALLOWED_gui_filterbar settings paint dialogs)
set(ALLOWED_gui_panes settings paint)
set(ALLOWED_gui_notify settings paint)
set(ALLOWED_gui_window settings paint dialogs filterbar panes notify)

set(core_folders records protocol filter store ingest export models)
set(gui_folders paint settings dialogs filterbar panes notify window)

set(violations "")
foreach(layer core gui)
    foreach(folder IN LISTS ${layer}_folders)
        file(GLOB files "${SOURCE_DIR}/src/${layer}/${folder}/*.h"
                        "${SOURCE_DIR}/src/${layer}/${folder}/*.cpp")
        foreach(file IN LISTS files)
            file(STRINGS "${file}" includes REGEX "^#include \"[a-z_]+/[^\"]+\"")
            foreach(line IN LISTS includes)
                string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" target "${line}")
                if(target STREQUAL folder)
                    continue()
                endif()
                # Includes into the other layer (gui -> core folders) are
                # allowed by linking; only same-layer folders are mapped.
                list(FIND ${layer}_folders "${target}" same_layer)
                if(same_layer EQUAL -1)
                    continue()
                endif()
                list(FIND ALLOWED_${layer}_${folder} "${target}" allowed)
                if(allowed EQUAL -1)
                    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${file}")
                    list(APPEND violations "${rel}: ${layer}/${folder} may not include ${target}/ (${line})")
                endif()
            endforeach()
        endforeach()
    endforeach()
endforeach()

# A folder nobody mapped is a folder nobody documented.
foreach(layer core gui)
    file(GLOB entries LIST_DIRECTORIES true "${SOURCE_DIR}/src/${layer}/*")
    foreach(entry IN LISTS entries)
        if(IS_DIRECTORY "${entry}")
            get_filename_component(name "${entry}" NAME)
            list(FIND ${layer}_folders "${name}" known)
            if(known EQUAL -1)
                list(APPEND violations "src/${layer}/${name}/ is not in the folder map (docs/layout.md)")
            endif()
        endif()
    endforeach()
endforeach()

if(violations)
    list(LENGTH violations count)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "${count} include(s) cross the folder map of docs/layout.md:\n  ${text}")
endif()
message(STATUS "folder map: every include is allowed")
