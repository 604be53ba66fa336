/*===- CHeader.c - runtime.h compiled as C ---------------------------------===*
 *
 * Compiled models and their callers may be written in C: this file fails to
 * build if runtime.h or cuda.h stops being valid C.
 *
 *===----------------------------------------------------------------------===*/
#include "netc/cuda.h"
#include "netc/runtime.h"

const char *netcStatusMessageFromC(const netc_status *status) {
  return netc_status_message(status);
}
