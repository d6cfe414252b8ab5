# Installation layout and the Debian package (packaging/deb.sh builds it with
# CPack; docs/packaging.md). Paths are relative to CMAKE_INSTALL_PREFIX
# (/usr in the package); the programs install themselves (src/app), the
# translations from translations/.
include(GNUInstallDirs)

set(HOOKSCOPE_APP_ID io.github.hookscope.HookScope)
set(HOOKSCOPE_ICON_SIZES 16 22 24 32 48 64 128 256)

option(HOOKSCOPE_MAN_PAGES
       "Generate the man pages from the programs' --help and --version (needs help2man)" OFF)

# Software centres want screenshots as http(s) URLs. HookScope has no
# public web home yet, so none is made up: whoever publishes docs/screenshots/
# sets the folder's URL here and the metainfo lists them; empty, it has none.
set(HOOKSCOPE_SCREENSHOT_BASE_URL "" CACHE STRING
    "http(s) URL of a published copy of docs/screenshots (metainfo screenshots)")
set(HOOKSCOPE_METAINFO_SCREENSHOTS "")
if(HOOKSCOPE_SCREENSHOT_BASE_URL)
    if(NOT HOOKSCOPE_SCREENSHOT_BASE_URL MATCHES "^https?://[^ <>&\"]+$")
        message(FATAL_ERROR "HOOKSCOPE_SCREENSHOT_BASE_URL must be an http(s) URL")
    endif()
    string(REGEX REPLACE "/+$" "" base "${HOOKSCOPE_SCREENSHOT_BASE_URL}")
    set(shots
        "main.png|The live stream of customer messages, with the conversation and the inspector"
        "customers.png|A customer's timeline of profile changes"
        "inspector-verification.png|How a delivery's signature was verified"
        "refused.png|Refused deliveries with their reason")
    set(block "  <screenshots>\n")
    set(type " type=\"default\"")
    foreach(shot IN LISTS shots)
        string(REPLACE "|" ";" parts "${shot}")
        list(GET parts 0 file)
        list(GET parts 1 caption)
        string(APPEND block "    <screenshot${type}>\n"
                            "      <caption>${caption}</caption>\n"
                            "      <image>${base}/${file}</image>\n"
                            "    </screenshot>\n")
        set(type "")
    endforeach()
    string(APPEND block "  </screenshots>\n")
    set(HOOKSCOPE_METAINFO_SCREENSHOTS "${block}")
endif()
# The release being built must be the newest one the metainfo describes.
file(READ resources/${HOOKSCOPE_APP_ID}.metainfo.xml.in metainfo)
string(FIND "${metainfo}" "<release version=\"${PROJECT_VERSION}\"" release_at)
string(FIND "${metainfo}" "<release " first_release_at)
if(release_at EQUAL -1 OR NOT release_at EQUAL first_release_at)
    message(FATAL_ERROR "resources/${HOOKSCOPE_APP_ID}.metainfo.xml.in: the first <release> "
                        "must be version ${PROJECT_VERSION} (the project version)")
endif()
configure_file(resources/${HOOKSCOPE_APP_ID}.metainfo.xml.in
               ${CMAKE_CURRENT_BINARY_DIR}/${HOOKSCOPE_APP_ID}.metainfo.xml @ONLY)

# The menu entry, the software-centre description, and the icons drawn for
# the app (resources/icons/render.sh made the PNGs from the SVG).
install(FILES resources/hookscope.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${HOOKSCOPE_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES resources/icons/hookscope.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(size IN LISTS HOOKSCOPE_ICON_SIZES)
    install(FILES resources/icons/hookscope-${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME hookscope.png)
endforeach()

# The receiver without a desktop session: `systemctl --user enable --now
# hookscope`. A user unit lives under lib/, not lib/<multiarch>/.
install(FILES packaging/hookscope.service DESTINATION lib/systemd/user)

install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hookscope)

# Man pages from the built programs, so they say what --help says. The window
# needs a platform plugin even for --help; offscreen needs no display. The C
# locale keeps the pages in English whatever the build machine's language.
if(HOOKSCOPE_MAN_PAGES)
    find_program(HELP2MAN help2man REQUIRED)
    find_program(GZIP gzip REQUIRED)
    set(man_dir ${CMAKE_CURRENT_BINARY_DIR}/man)
    # The programs run from their build folder through PATH, so that their
    # usage lines name them as a user types them.
    set(man_env ${CMAKE_COMMAND} -E env "PATH=$<TARGET_FILE_DIR:hookscope-cli>:$ENV{PATH}"
                QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES=*.debug=false LC_ALL=C.UTF-8 LANGUAGE=)
    add_custom_command(
        OUTPUT ${man_dir}/hookscope-cli.h2m
        COMMAND ${CMAKE_COMMAND} -E make_directory ${man_dir}
        COMMAND ${man_env} bash ${CMAKE_CURRENT_SOURCE_DIR}/packaging/man/commands.sh
                hookscope-cli ${man_dir}/hookscope-cli.h2m
        DEPENDS hookscope-cli ${CMAKE_CURRENT_SOURCE_DIR}/packaging/man/commands.sh
        COMMENT "Collecting the hookscope-cli commands' options for its man page"
        VERBATIM)
    set(man_pages "")
    foreach(program hookscope hookscope-cli)
        if(program STREQUAL hookscope)
            set(summary "live window for SaleSmartly webhooks")
            set(include ${CMAKE_CURRENT_SOURCE_DIR}/packaging/man/hookscope.h2m)
        else()
            set(summary "receive, send and export SaleSmartly webhooks from the command line")
            set(include ${man_dir}/hookscope-cli.h2m)
        endif()
        set(page ${man_dir}/${program}.1)
        add_custom_command(
            OUTPUT ${page}.gz
            COMMAND ${man_env} ${HELP2MAN} -N --section=1 --name=${summary}
                    --include=${include} --output=${page} ${program}
            COMMAND ${GZIP} -9nf ${page}
            DEPENDS ${program} ${include}
            COMMENT "Generating the ${program}(1) man page with help2man"
            VERBATIM)
        list(APPEND man_pages ${page}.gz)
    endforeach()
    add_custom_target(hookscope_man_pages ALL DEPENDS ${man_pages})
    install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# The desktop files checked as the distribution checks them, when the tools
# are there (desktop-file-utils, appstream).
if(HOOKSCOPE_BUILD_TESTS)
    find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
    find_program(APPSTREAMCLI appstreamcli)
    if(DESKTOP_FILE_VALIDATE)
        add_test(NAME package.desktop_file
                 COMMAND ${DESKTOP_FILE_VALIDATE} ${CMAKE_CURRENT_SOURCE_DIR}/resources/hookscope.desktop)
        # desktop-file-validate exits 0 on hints; any output is a finding.
        set_tests_properties(package.desktop_file PROPERTIES FAIL_REGULAR_EXPRESSION ".")
    endif()
    if(APPSTREAMCLI)
        add_test(NAME package.metainfo
                 COMMAND ${APPSTREAMCLI} validate --no-net
                         ${CMAKE_CURRENT_BINARY_DIR}/${HOOKSCOPE_APP_ID}.metainfo.xml)
        # appstreamcli fails on warnings as on errors; infos and pedantic notes pass.
    endif()
endif()

# The Debian package: hookscope_<version>_<arch>.deb.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hookscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "HookScope")
set(CPACK_PACKAGE_CONTACT "HookScope maintainers <maintainers@hookscope.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "live receiver and window for SaleSmartly webhooks")
# Wrapped by hand: CPack puts each line as it is into the control file.
set(CPACK_PACKAGE_DESCRIPTION [=[
HookScope receives SaleSmartly webhooks, verifies each delivery's
signature, stores every delivery durably in SQLite and shows customer
messages live: by channel, conversation and customer, with a filter
language, export to CSV and JSON Lines, and the raw request of every
delivery.

hookscope is the window; hookscope-cli runs the same receiver without one
(also as a systemd user service), sends signed test deliveries and
exports.]=])
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Libraries the programs link come from dpkg-shlibdeps; the Qt plugins they
# load at run time (SQLite driver, xcb/wayland platforms) do not show up
# there, so they are named.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins")
# Qt's PostgreSQL driver, another plugin, for a postgresql:// store (team
# mode): recommended, not required, since the default SQLite store works
# without it and apt installs recommendations unless told not to. Qt's own
# strings (OK, Cancel, file dialogs) in Chinese; a font with CJK glyphs and
# one with emoji for customer messages.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "libqt6sql6-psql, qt6-translations-l10n, fonts-wqy-microhei | fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "fonts-noto-color-emoji")
set(CPACK_STRIP_FILES ON)
include(CPack)
