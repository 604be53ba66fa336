//===- Model.cpp - Model graph queries -------------------------------------===//
#include "netc/Sema/Model.h"

using namespace netc;

int64_t netc::numElements(const Shape &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

llvm::StringRef netc::stringify(OpKind kind) {
  switch (kind) {
  case OpKind::Input: return "input";
  case OpKind::Conv2d: return "conv";
  case OpKind::BatchNorm: return "batchnorm";
  case OpKind::Activation: return "activation";
  case OpKind::MaxPool: return "maxpool";
  case OpKind::AvgPool: return "avgpool";
  case OpKind::GlobalAvgPool: return "global_avgpool";
  case OpKind::Flatten: return "flatten";
  case OpKind::Dense: return "dense";
  case OpKind::Dropout: return "dropout";
  case OpKind::Softmax: return "softmax";
  case OpKind::Identity: return "identity";
  case OpKind::Add: return "add";
  case OpKind::Mul: return "mul";
  case OpKind::Concat: return "concat";
  }
  return "?";
}

llvm::StringRef netc::stringify(Activation kind) {
  switch (kind) {
  case Activation::ReLU: return "relu";
  case Activation::ReLU6: return "relu6";
  case Activation::SiLU: return "silu";
  case Activation::Sigmoid: return "sigmoid";
  case Activation::HardSwish: return "hardswish";
  case Activation::HardSigmoid: return "hardsigmoid";
  case Activation::Tanh: return "tanh";
  }
  return "?";
}

int64_t Tensor::numElements() const { return netc::numElements(shape); }

int64_t Node::macs() const {
  if (kind == OpKind::Conv2d)
    return numElements(shape) * params[0].shape[1] * kernel[0] * kernel[1];
  if (kind == OpKind::Dense)
    return numElements(shape) * params[0].shape[1];
  return 0;
}

bool Node::isView() const {
  return kind == OpKind::Flatten || kind == OpKind::Dropout || kind == OpKind::Identity;
}

std::vector<const Tensor *> Model::tensors() const {
  std::vector<const Tensor *> result;
  for (const Node &node : nodes)
    for (const Tensor &t : node.params)
      result.push_back(&t);
  return result;
}

int64_t Model::trainableParameters() const {
  int64_t n = 0;
  for (const Tensor *t : tensors())
    if (t->trainable)
      n += t->numElements();
  return n;
}

int64_t Model::macs() const {
  int64_t n = 0;
  for (const Node &node : nodes)
    n += node.macs();
  return n;
}

int64_t Model::weightBytes() const {
  int64_t n = 0;
  for (const Tensor *t : tensors())
    n += 4 * t->numElements();
  return n;
}

int64_t Model::activationBytes() const {
  int64_t n = 0;
  for (const Node &node : nodes)
    if (!node.isView())
      n += 4 * numElements(node.shape);
  return n;
}

int64_t Model::peakLiveActivationBytes() const {
  // Views share their operand's storage: map every node to its storage root
  // and extend the root's lifetime to the last use of any of its views.
  std::vector<unsigned> root(nodes.size());
  std::vector<unsigned> lastUse(nodes.size());
  for (unsigned i = 0; i < nodes.size(); ++i) {
    root[i] = nodes[i].isView() ? root[nodes[i].operands[0]] : i;
    lastUse[i] = i;
  }
  for (unsigned i = 0; i < nodes.size(); ++i)
    for (unsigned operand : nodes[i].operands)
      lastUse[root[operand]] = std::max(lastUse[root[operand]], i);
  lastUse[root[output]] = nodes.size(); // the result outlives the run

  int64_t live = 0, peak = 0;
  std::vector<int64_t> freedAfter(nodes.size() + 1, 0);
  for (unsigned i = 0; i < nodes.size(); ++i) {
    if (root[i] == i)
      live += 4 * numElements(nodes[i].shape);
    peak = std::max(peak, live);
    freedAfter[lastUse[i]] += root[i] == i ? 4 * numElements(nodes[i].shape) : 0;
    live -= freedAfter[i];
  }
  return peak;
}
