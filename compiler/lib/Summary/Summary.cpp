//===- Summary.cpp - Model summaries ---------------------------------------===//
#include "netc/Summary/Summary.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace netc;

namespace {

std::string withCommas(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

std::string shapeString(const Shape &shape) {
  return "[" + llvm::join(llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }),
                          ", ") + "]";
}

std::string mebibytes(int64_t bytes) {
  return llvm::formatv("{0:F2} MiB", double(bytes) / (1 << 20)).str();
}

std::string layerType(const Node &node) {
  auto window = [&](llvm::StringRef name) {
    std::string text = llvm::formatv("{0} {1}x{2}", name, node.kernel[0], node.kernel[1]);
    if (node.stride[0] != 1 || node.stride[1] != 1)
      text += node.stride[0] == node.stride[1]
                  ? llvm::formatv("/{0}", node.stride[0]).str()
                  : llvm::formatv("/{0}x{1}", node.stride[0], node.stride[1]).str();
    return text;
  };
  switch (node.kind) {
  case OpKind::Conv2d: {
    int64_t in = node.params[0].shape[1] * node.groups;
    bool depthwise = node.groups > 1 && node.groups == in && node.groups == node.shape[1];
    std::string text = window(depthwise ? "dwconv" : "conv");
    if (node.groups > 1 && !depthwise)
      text += llvm::formatv(" g{0}", node.groups).str();
    return text;
  }
  case OpKind::MaxPool:
    return window("maxpool");
  case OpKind::AvgPool:
    return window("avgpool");
  case OpKind::Activation:
    return stringify(node.activation).str();
  default:
    return stringify(node.kind).str();
  }
}

struct Row {
  std::string name, type, shape;
  int64_t params = 0, macs = 0;
  unsigned depth;
};

} // namespace

void netc::printSummaryTable(const Model &model, llvm::raw_ostream &os,
                             std::optional<int64_t> arenaBytes) {
  // Per module: trainable parameters, MACs and the last output, accumulated
  // from its layers and nested modules.
  size_t numModules = model.modules.size();
  std::vector<int64_t> moduleParams(numModules, 0), moduleMacs(numModules, 0);
  std::vector<unsigned> moduleLast(numModules, 0);
  auto trainable = [](const Node &node) {
    int64_t n = 0;
    for (const Tensor &t : node.params)
      n += t.trainable ? t.numElements() : 0;
    return n;
  };
  for (unsigned i = 0; i < model.nodes.size(); ++i) {
    const Node &node = model.nodes[i];
    for (int m = node.module; m >= 0; m = model.modules[m].parent) {
      moduleParams[m] += trainable(node);
      moduleMacs[m] += node.macs();
      moduleLast[m] = i;
    }
  }

  std::vector<Row> rows;
  std::vector<bool> shown(numModules, false);
  shown[0] = true; // the model itself is the totals
  for (const Node &node : model.nodes) {
    llvm::SmallVector<int, 8> chain;
    for (int m = node.module; m >= 0 && !shown[m]; m = model.modules[m].parent)
      chain.push_back(m);
    for (int m : llvm::reverse(chain)) {
      const Module &module = model.modules[m];
      shown[m] = true;
      rows.push_back({module.path, module.kind, shapeString(model.nodes[moduleLast[m]].shape),
                      moduleParams[m], moduleMacs[m], module.depth - 1});
    }
    unsigned depth = model.modules[node.module].depth;
    std::string name = node.path.empty() ? "(" + stringify(node.kind).str() + ")" : node.path;
    rows.push_back({name, layerType(node), shapeString(node.shape), trainable(node), node.macs(),
                    depth});
  }

  size_t nameWidth = 5, typeWidth = 4, shapeWidth = 12;
  for (const Row &row : rows) {
    nameWidth = std::max(nameWidth, 2 * row.depth + row.name.size());
    typeWidth = std::max(typeWidth, row.type.size());
    shapeWidth = std::max(shapeWidth, row.shape.size());
  }
  const size_t numberWidth = 15;
  size_t total = nameWidth + typeWidth + shapeWidth + 2 * numberWidth + 6;
  std::string rule(total, '-');

  os << "Model: " << model.name << "\n";
  os << "Input: " << shapeString(model.inputShape()) << " float32 (NCHW)\n";
  const ScaleInfo &scale = model.scale;
  bool scaled = scale.active && (scale.width != 1 || scale.depth != 1 ||
                                 scale.resolutionFactor != 1 || scale.resolution);
  if (scaled) {
    os << llvm::formatv("Scale: phi {0}, width x{1:F3}, depth x{2:F3}, ", model.scale.phi,
                        model.scale.width, model.scale.depth);
    if (model.scale.resolution)
      os << "resolution " << model.scale.resolution << " (pinned)\n";
    else
      os << llvm::formatv("resolution x{0:F3}\n", model.scale.resolutionFactor);
  }
  os << rule << "\n";
  auto printRow = [&](llvm::StringRef name, llvm::StringRef type, llvm::StringRef shape,
                      llvm::StringRef params, llvm::StringRef macs) {
    os << llvm::left_justify(name, nameWidth) << ' ' << llvm::left_justify(type, typeWidth)
       << ' ' << llvm::left_justify(shape, shapeWidth) << ' '
       << llvm::right_justify(params, numberWidth) << ' ' << llvm::right_justify(macs, numberWidth)
       << "\n";
  };
  printRow("Layer", "Type", "Output shape", "Params", "MACs");
  os << rule << "\n";
  for (const Row &row : rows)
    printRow(std::string(2 * row.depth, ' ') + row.name, row.type, row.shape,
             row.params ? withCommas(row.params) : "-", row.macs ? withCommas(row.macs) : "-");
  os << rule << "\n";

  int64_t statistics = 0, tensors = 0;
  for (const Tensor *t : model.tensors()) {
    statistics += t->trainable ? 0 : t->numElements();
    ++tensors;
  }
  int64_t macs = model.macs();
  auto line = [&](llvm::StringRef label, llvm::StringRef value) {
    os << llvm::formatv("{0,-28}{1}\n", label, value);
  };
  line("Output:", shapeString(model.outputShape()));
  line("Parameters (trainable):", withCommas(model.trainableParameters()));
  line("Batch-norm statistics:", withCommas(statistics));
  line("Weights:", llvm::formatv("{0} bytes ({1}) in {2} tensors",
                                 withCommas(model.weightBytes()), mebibytes(model.weightBytes()),
                                 tensors).str());
  line("MACs (conv + linear):", llvm::formatv("{0} ({1:F2} G)", withCommas(macs),
                                              double(macs) / 1e9).str());
  line("Activations (all):", llvm::formatv("{0} bytes ({1})", withCommas(model.activationBytes()),
                                           mebibytes(model.activationBytes())).str());
  int64_t peak = model.peakLiveActivationBytes();
  line("Activations (peak live):",
       llvm::formatv("{0} bytes ({1})", withCommas(peak), mebibytes(peak)).str());
  if (arenaBytes)
    line("Activation arena:",
         llvm::formatv("{0} bytes ({1}), {2:F2} x peak live, compiled for this machine",
                       withCommas(*arenaBytes), mebibytes(*arenaBytes),
                       peak ? double(*arenaBytes) / peak : 0.0)
             .str());
}

void netc::printSummaryJson(const Model &model, llvm::raw_ostream &os,
                            std::optional<int64_t> arenaBytes) {
  llvm::json::OStream json(os, 2);
  auto shape = [&](const Shape &s) {
    json.array([&] {
      for (int64_t d : s)
        json.value(d);
    });
  };
  int64_t statistics = 0;
  for (const Tensor *t : model.tensors())
    statistics += t->trainable ? 0 : t->numElements();
  json.object([&] {
    json.attribute("model", model.name);
    json.attributeBegin("input_shape");
    shape(model.inputShape());
    json.attributeEnd();
    json.attributeBegin("output_shape");
    shape(model.outputShape());
    json.attributeEnd();
    json.attribute("parameters", model.trainableParameters());
    json.attribute("batch_norm_statistics", statistics);
    json.attribute("macs", model.macs());
    json.attribute("weight_bytes", model.weightBytes());
    json.attribute("activation_bytes", model.activationBytes());
    json.attribute("peak_activation_bytes", model.peakLiveActivationBytes());
    if (arenaBytes)
      json.attribute("arena_bytes", *arenaBytes);
    json.attribute("layers", int64_t(model.nodes.size() - 1));
    if (model.scale.active) {
      json.attributeObject("scale", [&] {
        json.attribute("phi", model.scale.phi);
        json.attribute("width", model.scale.width);
        json.attribute("depth", model.scale.depth);
        if (model.scale.resolution)
          json.attribute("resolution", model.scale.resolution);
        else
          json.attribute("resolution_factor", model.scale.resolutionFactor);
      });
    }
    json.attributeArray("tensors", [&] {
      for (const Tensor *t : model.tensors()) {
        json.object([&] {
          json.attribute("name", t->name);
          json.attributeBegin("shape");
          shape(t->shape);
          json.attributeEnd();
        });
      }
    });
  });
  os << "\n";
}
