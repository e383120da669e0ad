// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's name for its result line.  The Makefile compiles this file
 * once per guest with -DTEST_NAME="\"name\"".
 */
#include "test.h"

#ifndef TEST_NAME
#error "TEST_NAME must be defined by the Makefile"
#endif

const char test_name[] = TEST_NAME;
