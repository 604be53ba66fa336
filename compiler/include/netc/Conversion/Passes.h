//===- Passes.h - Conversions out of the net dialect -------------*- C++ -*-===//
#ifndef NETC_CONVERSION_PASSES_H
#define NETC_CONVERSION_PASSES_H

#include "netc/Conversion/NetToLinalg/NetToLinalg.h"

namespace netc {

#define GEN_PASS_REGISTRATION
#include "netc/Conversion/Passes.h.inc"

} // namespace netc

#endif // NETC_CONVERSION_PASSES_H
