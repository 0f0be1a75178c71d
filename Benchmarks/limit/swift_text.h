/*
 * Benchmarks/limit/swift_text.h: a Double as Swift prints it (Double.description), for the
 * hand-written loops of this folder, whose output is compared with dispatchsim's as text.
 *
 * Copyright (C) 2026 the DispatchSim authors. GPL-3.0-or-later.
 */
#ifndef DISPATCHSIM_LIMIT_SWIFT_TEXT_H
#define DISPATCHSIM_LIMIT_SWIFT_TEXT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether m x 10^e reads back as x. */
static int reads_back(unsigned long long m, int e, double x) {
    char text[48];
    snprintf(text, sizeof text, "%llue%d", m, e);
    return strtod(text, NULL) == x;
}

/* Swift's Double.description for finite x ("0.0" and "-0.0" for zeros): the fewest significant
 * digits that read back as x, the closest to x among those (SwiftDtoa), in decimal notation unless
 * the decimal exponent is below -3 or |x| > 2^53 ("1.234e-05"). For each length the correctly rounded digits are the
 * closest; when they do not read back, their neighbour may still, which happens where the gap
 * below x is half the gap above (x a power of two): 2^-24 is 5.960464477539063e-08. */
static void swift_description(double x, char *out) {
    if (x == 0) {
        strcpy(out, signbit(x) ? "-0.0" : "0.0");
        return;
    }
    unsigned long long m = 0;
    int e = 0, found = 0;
    for (int precision = 1; precision <= 17 && !found; precision++) {
        char buffer[48];
        snprintf(buffer, sizeof buffer, "%.*e", precision - 1, fabs(x)); /* d.ddd...e+XX */
        m = 0;
        const char *p = buffer;
        for (; *p != 'e'; p++)
            if (*p != '.') m = 10 * m + (unsigned long long)(*p - '0');
        e = atoi(p + 1) - (precision - 1); /* |x| ~ m x 10^e */
        if (reads_back(m, e, fabs(x))) found = 1;
        else if (reads_back(m + 1, e, fabs(x))) m += 1, found = 1;
        else if (m > 1 && reads_back(m - 1, e, fabs(x))) m -= 1, found = 1;
    }
    while (m % 10 == 0 && m > 0) m /= 10, e += 1;
    char digits[24];
    const int count = snprintf(digits, sizeof digits, "%llu", m);
    const int exponent = e + count; /* |x| = 0.digits x 10^exponent */
    char *o = out;
    if (signbit(x)) *o++ = '-';
    if (exponent < -3 || fabs(x) > 0x1p53) {
        *o++ = digits[0];
        if (count > 1) {
            *o++ = '.';
            for (int i = 1; i < count; i++) *o++ = digits[i];
        }
        sprintf(o, "e%c%02d", exponent - 1 < 0 ? '-' : '+', abs(exponent - 1));
        return;
    }
    if (exponent <= 0) {
        *o++ = '0', *o++ = '.';
        for (int i = exponent; i < 0; i++) *o++ = '0';
        for (int i = 0; i < count; i++) *o++ = digits[i];
    } else if (exponent < count) {
        for (int i = 0; i < count; i++) {
            if (i == exponent) *o++ = '.';
            *o++ = digits[i];
        }
    } else {
        for (int i = 0; i < count; i++) *o++ = digits[i];
        for (int i = count; i < exponent; i++) *o++ = '0';
        *o++ = '.', *o++ = '0';
    }
    *o = '\0';
}

#endif
