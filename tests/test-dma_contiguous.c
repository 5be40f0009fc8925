// SPDX-License-Identifier: GPL-2.0-only
#include "config.h"
#include "helpers.h"
int main(void) { return 0; }
