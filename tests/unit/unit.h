/* unit.h: what every cmocka test file includes. */
#ifndef CRDC_UNIT_H
#define CRDC_UNIT_H

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#endif
