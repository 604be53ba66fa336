//===- NetDialect.cpp - The net dialect ------------------------------------===//
#include "netc/Dialect/Net/IR/NetDialect.h"
#include "netc/Dialect/Net/IR/NetOps.h"

using namespace netc::net;

#include "netc/Dialect/Net/IR/NetDialect.cpp.inc"

void NetDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "netc/Dialect/Net/IR/NetOps.cpp.inc"
      >();
}
