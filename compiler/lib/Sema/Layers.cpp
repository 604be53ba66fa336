//===- Layers.cpp - Built-in layers and their shape rules ------------------===//
#include "Builtins.h"
#include "Limits.h"

#include "llvm/ADT/STLExtras.h"

using namespace netc;

namespace {

enum class LayerKind {
  Conv, BatchNorm, Activation, MaxPool, AvgPool, GlobalAvgPool, Flatten, Dense, Dropout,
  Softmax, Identity,
};

} // namespace

struct netc::BuiltinLayer {
  llvm::StringRef name;
  LayerKind kind;
  std::vector<ParamSpec> params;
  Activation activation = Activation::ReLU;
};

static const std::vector<BuiltinLayer> &builtinLayers() {
  static const std::vector<ParamSpec> pool = {{"kernel", true}, {"stride", false},
                                              {"pad", false},   {"dilation", false},
                                              {"ceil_mode", false}};
  static const std::vector<ParamSpec> avgPool = {{"kernel", true},   {"stride", false},
                                                 {"pad", false},      {"ceil_mode", false},
                                                 {"count_include_pad", false}};
  static const std::vector<BuiltinLayer> layers = {
      {"conv", LayerKind::Conv,
       {{"out", true}, {"kernel", true}, {"stride", false}, {"pad", false},
        {"dilation", false}, {"groups", false}, {"bias", false}}},
      {"batchnorm", LayerKind::BatchNorm, {{"eps", false}}},
      {"relu", LayerKind::Activation, {}, Activation::ReLU},
      {"relu6", LayerKind::Activation, {}, Activation::ReLU6},
      {"silu", LayerKind::Activation, {}, Activation::SiLU},
      {"swish", LayerKind::Activation, {}, Activation::SiLU},
      {"sigmoid", LayerKind::Activation, {}, Activation::Sigmoid},
      {"hardswish", LayerKind::Activation, {}, Activation::HardSwish},
      {"hardsigmoid", LayerKind::Activation, {}, Activation::HardSigmoid},
      {"tanh", LayerKind::Activation, {}, Activation::Tanh},
      {"maxpool", LayerKind::MaxPool, pool},
      {"avgpool", LayerKind::AvgPool, avgPool},
      {"global_avgpool", LayerKind::GlobalAvgPool, {}},
      {"flatten", LayerKind::Flatten, {}},
      {"dense", LayerKind::Dense, {{"out", true}, {"bias", false}}},
      {"linear", LayerKind::Dense, {{"out", true}, {"bias", false}}},
      {"dropout", LayerKind::Dropout, {{"p", false}}},
      {"softmax", LayerKind::Softmax, {}},
      {"identity", LayerKind::Identity, {}},
  };
  return layers;
}

const BuiltinLayer *netc::lookupLayer(llvm::StringRef name) {
  for (const BuiltinLayer &layer : builtinLayers())
    if (layer.name == name)
      return &layer;
  return nullptr;
}

std::vector<llvm::StringRef> netc::layerNames() {
  std::vector<llvm::StringRef> names;
  for (const BuiltinLayer &layer : builtinLayers())
    names.push_back(layer.name);
  return names;
}

namespace {

/// Reads the arguments of one built-in layer call, reporting type and range
/// errors at the argument.
class ArgReader {
public:
  ArgReader(const BuiltinLayer &layer, std::vector<const EvaluatedArg *> bound,
            EmitError emitError)
      : layer(layer), bound(std::move(bound)), emitError(emitError) {}

  bool ok = true;

  const EvaluatedArg *get(llvm::StringRef name) const {
    for (size_t k = 0; k < layer.params.size(); ++k)
      if (layer.params[k].name == name)
        return bound[k];
    return nullptr;
  }

  int64_t integer(llvm::StringRef name, int64_t fallback, int64_t min) {
    const EvaluatedArg *arg = get(name);
    if (!arg)
      return fallback;
    if (arg->value.kind != Value::Kind::Int)
      return fail(arg, "an int"), fallback;
    return checkRange(arg, arg->value.i, min) ? arg->value.i : fallback;
  }

  /// An int, or a list of two ints for (height, width).
  std::array<int64_t, 2> pair(llvm::StringRef name, std::array<int64_t, 2> fallback, int64_t min) {
    const EvaluatedArg *arg = get(name);
    if (!arg)
      return fallback;
    std::array<int64_t, 2> result;
    if (arg->value.kind == Value::Kind::Int) {
      result = {arg->value.i, arg->value.i};
    } else if (isIntList(arg->value, 2)) {
      result = {arg->value.list[0].i, arg->value.list[1].i};
    } else {
      fail(arg, "an int or a list of 2 ints");
      return fallback;
    }
    for (int64_t v : result)
      if (!checkRange(arg, v, min))
        return fallback;
    return result;
  }

  double number(llvm::StringRef name, double fallback, double min, double max, bool maxOpen) {
    const EvaluatedArg *arg = get(name);
    if (!arg)
      return fallback;
    if (!arg->value.isNumber())
      return fail(arg, "a number"), fallback;
    double v = arg->value.asDouble();
    if (v < min || v > max || (maxOpen && v == max)) {
      emitError(arg->loc) << "'" << name << "' of '" << layer.name << "' must be in ["
                          << Value::ofFloat(min).str() << ", " << Value::ofFloat(max).str()
                          << (maxOpen ? ")" : "]") << ", got " << arg->value.str();
      ok = false;
      return fallback;
    }
    return v;
  }

  bool boolean(llvm::StringRef name, bool fallback) {
    const EvaluatedArg *arg = get(name);
    if (!arg)
      return fallback;
    if (arg->value.kind != Value::Kind::Bool)
      return fail(arg, "a bool"), fallback;
    return arg->value.b;
  }

  /// Padding: an int, [h, w], [top, left, bottom, right], "same" or "valid".
  /// "same" pads like TensorFlow (extra row/column at the bottom/right), which
  /// equals PyTorch's padding="same" wherever PyTorch allows it.
  std::array<int64_t, 4> padding(const Shape &input, std::array<int64_t, 2> kernel,
                                 std::array<int64_t, 2> stride, std::array<int64_t, 2> dilation) {
    const EvaluatedArg *arg = get("pad");
    if (!arg)
      return {0, 0, 0, 0};
    const Value &v = arg->value;
    std::array<int64_t, 4> result{0, 0, 0, 0};
    if (v.kind == Value::Kind::String && (v.s == "same" || v.s == "valid")) {
      if (v.s == "valid")
        return result;
      for (int d = 0; d < 2; ++d) {
        int64_t size = input[2 + d];
        int64_t out = (size + stride[d] - 1) / stride[d];
        int64_t total = std::max<int64_t>(
            0, (out - 1) * stride[d] + (kernel[d] - 1) * dilation[d] + 1 - size);
        result[d] = total / 2;
        result[d + 2] = total - total / 2;
      }
      return result;
    }
    if (v.kind == Value::Kind::Int)
      result = {v.i, v.i, v.i, v.i};
    else if (isIntList(v, 2))
      result = {v.list[0].i, v.list[1].i, v.list[0].i, v.list[1].i};
    else if (isIntList(v, 4))
      result = {v.list[0].i, v.list[1].i, v.list[2].i, v.list[3].i};
    else {
      fail(arg, "an int, a list of 2 or 4 ints, \"same\" or \"valid\"");
      return {0, 0, 0, 0};
    }
    for (int64_t p : result)
      if (!checkRange(arg, p, 0))
        return {0, 0, 0, 0};
    return result;
  }

private:
  static bool isIntList(const Value &v, size_t n) {
    return v.kind == Value::Kind::List && v.list.size() == n &&
           llvm::all_of(v.list, [](const Value &e) { return e.kind == Value::Kind::Int; });
  }

  void fail(const EvaluatedArg *arg, llvm::StringRef expected) {
    emitError(arg->loc) << "'" << paramName(arg) << "' of '" << layer.name << "' expects "
                        << expected << ", got " << arg->value.typeName() << " "
                        << arg->value.str();
    ok = false;
  }

  bool checkRange(const EvaluatedArg *arg, int64_t v, int64_t min) {
    if (v >= min && v <= limits::kMaxDimension)
      return true;
    emitError(arg->loc) << "'" << paramName(arg) << "' of '" << layer.name << "' must be "
                        << (min == 0 ? "non-negative" : "positive") << " and at most "
                        << limits::kMaxDimension << ", got " << v;
    ok = false;
    return false;
  }

  llvm::StringRef paramName(const EvaluatedArg *arg) const {
    for (size_t k = 0; k < layer.params.size(); ++k)
      if (bound[k] == arg)
        return layer.params[k].name;
    return arg->name;
  }

  const BuiltinLayer &layer;
  std::vector<const EvaluatedArg *> bound;
  EmitError emitError;
};

Tensor tensor(llvm::StringRef name, Shape shape, bool trainable = true) {
  return Tensor{name.str(), std::move(shape), trainable};
}

} // namespace

std::optional<Node> netc::buildLayer(const BuiltinLayer &layer, llvm::ArrayRef<EvaluatedArg> args,
                                     const Shape &input, mlir::Location loc, EmitError emitError) {
  auto bound = bindArgs(layer.name, layer.params, args, loc, emitError);
  if (!bound)
    return std::nullopt;
  ArgReader read(layer, *bound, emitError);

  Node node{OpKind::Identity, "", -1, loc, {}, input, {}};
  bool spatial = input.size() == 4;
  auto needSpatial = [&]() {
    if (spatial)
      return true;
    emitError(loc) << "'" << layer.name << "' needs an [N, C, H, W] input, got rank "
                   << input.size();
    return false;
  };

  switch (layer.kind) {
  case LayerKind::Conv: {
    if (!needSpatial())
      return std::nullopt;
    int64_t out = read.integer("out", 1, 1);
    node.kernel = read.pair("kernel", {1, 1}, 1);
    node.stride = read.pair("stride", {1, 1}, 1);
    node.dilation = read.pair("dilation", {1, 1}, 1);
    node.groups = read.integer("groups", 1, 1);
    node.bias = read.boolean("bias", true);
    node.pad = read.padding(input, node.kernel, node.stride, node.dilation);
    if (!read.ok)
      return std::nullopt;
    int64_t in = input[1];
    if (in % node.groups || out % node.groups) {
      emitError(loc) << "'groups' (" << node.groups << ") must divide both the input channels ("
                     << in << ") and the output channels (" << out << ")";
      return std::nullopt;
    }
    node.kind = OpKind::Conv2d;
    node.params.push_back(
        tensor("weight", {out, in / node.groups, node.kernel[0], node.kernel[1]}));
    if (node.bias)
      node.params.push_back(tensor("bias", {out}));
    node.shape = {input[0], out, 0, 0};
    break;
  }
  case LayerKind::MaxPool:
  case LayerKind::AvgPool: {
    if (!needSpatial())
      return std::nullopt;
    node.kind = layer.kind == LayerKind::MaxPool ? OpKind::MaxPool : OpKind::AvgPool;
    node.kernel = read.pair("kernel", {1, 1}, 1);
    node.stride = read.get("stride") ? read.pair("stride", {1, 1}, 1) : node.kernel;
    node.dilation = read.pair("dilation", {1, 1}, 1);
    node.ceilMode = read.boolean("ceil_mode", false);
    node.countIncludePad = read.boolean("count_include_pad", true);
    node.pad = read.padding(input, node.kernel, node.stride, node.dilation);
    if (!read.ok)
      return std::nullopt;
    for (int d = 0; d < 2; ++d) {
      int64_t effective = node.dilation[d] * (node.kernel[d] - 1) + 1;
      if (2 * std::max(node.pad[d], node.pad[d + 2]) > effective) {
        emitError(loc) << "padding of '" << layer.name << "' must be at most half of its"
                       << " (dilated) window, " << effective << ", as in PyTorch";
        return std::nullopt;
      }
    }
    node.shape = {input[0], input[1], 0, 0};
    break;
  }
  case LayerKind::BatchNorm: {
    node.kind = OpKind::BatchNorm;
    node.eps = read.number("eps", 1e-5, 0, 1, true);
    if (!read.ok)
      return std::nullopt;
    if (node.eps == 0) {
      emitError(read.get("eps")->loc) << "'eps' of 'batchnorm' must be positive";
      return std::nullopt;
    }
    int64_t c = input[1];
    node.params = {tensor("weight", {c}), tensor("bias", {c}),
                   tensor("running_mean", {c}, false), tensor("running_var", {c}, false)};
    return node;
  }
  case LayerKind::Activation:
    node.kind = OpKind::Activation;
    node.activation = layer.activation;
    return node;
  case LayerKind::GlobalAvgPool:
    if (!needSpatial())
      return std::nullopt;
    node.kind = OpKind::GlobalAvgPool;
    node.shape = {input[0], input[1], 1, 1};
    return node;
  case LayerKind::Flatten:
    node.kind = OpKind::Flatten;
    node.shape = {input[0], numElements(input) / input[0]};
    return node;
  case LayerKind::Dense: {
    int64_t out = read.integer("out", 1, 1);
    node.bias = read.boolean("bias", true);
    if (!read.ok)
      return std::nullopt;
    if (input.size() != 2) {
      emitError(loc) << "'" << layer.name << "' needs a flattened [N, features] input, got "
                     << "rank " << input.size() << "; add 'flatten' before it";
      return std::nullopt;
    }
    node.kind = OpKind::Dense;
    node.params.push_back(tensor("weight", {out, input[1]}));
    if (node.bias)
      node.params.push_back(tensor("bias", {out}));
    node.shape = {input[0], out};
    return node;
  }
  case LayerKind::Dropout:
    node.kind = OpKind::Dropout;
    node.probability = read.number("p", 0.5, 0, 1, true);
    if (!read.ok)
      return std::nullopt;
    return node;
  case LayerKind::Softmax:
    node.kind = OpKind::Softmax;
    return node;
  case LayerKind::Identity:
    return node;
  }

  // Windowed layers: infer the spatial output size.
  for (int d = 0; d < 2; ++d) {
    int64_t size = input[2 + d];
    int64_t padded = size + node.pad[d] + node.pad[d + 2];
    int64_t window = node.dilation[d] * (node.kernel[d] - 1) + 1;
    node.shape[2 + d] = windowOutputSize(size, node.kernel[d], node.stride[d], node.pad[d],
                                         node.pad[d + 2], node.dilation[d], node.ceilMode);
    if (node.shape[2 + d] == 0) {
      emitError(loc) << "the " << (d ? "width" : "height") << " of the '" << layer.name
                     << "' window (" << window << ") is larger than its padded input ("
                     << padded << ")";
      return std::nullopt;
    }
  }
  return node;
}
