//===- Summary.h - Model summaries (netc summary) ----------------*- C++ -*-===//
#ifndef NETC_SUMMARY_SUMMARY_H
#define NETC_SUMMARY_SUMMARY_H

#include "netc/Sema/Model.h"
#include "llvm/Support/raw_ostream.h"

namespace netc {

/// A table like torchinfo's: one row per module and layer, indented by depth,
/// with output shape, parameters and MACs, then the totals.
void printSummaryTable(const Model &model, llvm::raw_ostream &os);

/// The same facts as one JSON object, plus every tensor the weights file must
/// provide, in state_dict order.
void printSummaryJson(const Model &model, llvm::raw_ostream &os);

} // namespace netc

#endif // NETC_SUMMARY_SUMMARY_H
