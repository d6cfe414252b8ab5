#include "corelog.h"

Q_LOGGING_CATEGORY(lcCore, "hookscope.core")
