//===- Summary.h - Model summaries (netc summary) ----------------*- C++ -*-===//
#ifndef NETC_SUMMARY_SUMMARY_H
#define NETC_SUMMARY_SUMMARY_H

#include "netc/Sema/Model.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace netc {

/// A table like torchinfo's: one row per module and layer, indented by depth,
/// with output shape, parameters and MACs, then the totals; with the size of
/// the compiled model's activation arena when `arenaBytes` is given.
void printSummaryTable(const Model &model, llvm::raw_ostream &os,
                       std::optional<int64_t> arenaBytes = std::nullopt);

/// The same facts as one JSON object, plus every tensor the weights file must
/// provide, in state_dict order.
void printSummaryJson(const Model &model, llvm::raw_ostream &os,
                      std::optional<int64_t> arenaBytes = std::nullopt);

} // namespace netc

#endif // NETC_SUMMARY_SUMMARY_H
