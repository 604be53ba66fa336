//===- Model.h - The checked, shape-inferred model graph ---------*- C++ -*-===//
//
// What Sema produces and every later stage consumes: the model's layers in
// topological order with their attributes, inferred NCHW (or [N, F]) shapes,
// parameter tensors named like torchvision's state_dict, and the .net source
// location of each layer.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_SEMA_MODEL_H
#define NETC_SEMA_MODEL_H

#include "netc/Support/WindowSize.h"

#include "mlir/IR/Location.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <string>
#include <vector>

namespace netc {

using Shape = llvm::SmallVector<int64_t, 4>;

enum class OpKind {
  Input,
  Conv2d,
  BatchNorm,
  Activation,
  MaxPool,
  AvgPool,
  GlobalAvgPool,
  Flatten,
  Dense,
  Dropout,
  Softmax,
  Identity,
  Add,
  Mul,
  Concat,
};

enum class Activation { ReLU, ReLU6, SiLU, Sigmoid, HardSwish, HardSigmoid, Tanh };

llvm::StringRef stringify(OpKind kind);
llvm::StringRef stringify(Activation kind);

/// A parameter tensor the weights file provides.
struct Tensor {
  std::string name; // dotted, torchvision state_dict style
  Shape shape;
  bool trainable; // false for batch-norm running statistics
  int64_t numElements() const;
};

/// A level of the module hierarchy (block instance, `[...]` sequence, or the
/// model itself), used for hierarchical names and the summary.
struct Module {
  std::string path;      // dotted name, "" for the model
  std::string kind;      // block name, "sequence" or "model"
  int parent;            // index into Model::modules, -1 for the model
  unsigned depth;
  mlir::Location loc;
};

struct Node {
  OpKind kind;
  std::string path;  // hierarchical name ("layer1.0.conv1"); "" for unnamed ops
  int module;        // innermost enclosing module
  mlir::Location loc;
  llvm::SmallVector<unsigned, 2> operands;
  Shape shape;       // output shape
  std::vector<Tensor> params;

  // Attributes (meaningful per kind).
  std::array<int64_t, 2> kernel{1, 1}, stride{1, 1}, dilation{1, 1};
  std::array<int64_t, 4> pad{0, 0, 0, 0}; // top, left, bottom, right
  int64_t groups = 1;
  bool bias = false;
  bool ceilMode = false;
  bool countIncludePad = true;
  double eps = 1e-5;
  double probability = 0; // dropout
  Activation activation = Activation::ReLU;

  /// Multiply-accumulates of a conv or dense layer (REFERENCE.md's rule).
  int64_t macs() const;
  /// True when the output is its operand's storage (flatten, dropout, identity).
  bool isView() const;
};

struct ScaleInfo {
  bool active = false;
  double phi = 0;
  double width = 1, depth = 1;
  double resolutionFactor = 1; // gamma^phi when not pinned
  int64_t resolution = 0;      // pinned resolution, 0 if none
};

struct Model {
  std::string name;
  mlir::Location loc;
  std::vector<Module> modules;
  std::vector<Node> nodes; // topological order; nodes[0] is the input
  unsigned output = 0;
  ScaleInfo scale;

  const Shape &inputShape() const { return nodes.front().shape; }
  const Shape &outputShape() const { return nodes[output].shape; }
  /// Every tensor the weights file must provide, in state_dict order.
  std::vector<const Tensor *> tensors() const;
  int64_t trainableParameters() const;
  int64_t macs() const;
  int64_t weightBytes() const;
  /// Bytes of every non-view layer output (float32).
  int64_t activationBytes() const;
  /// Peak bytes of simultaneously live activations when layers run in order:
  /// the lower bound any activation memory plan must respect.
  int64_t peakLiveActivationBytes() const;
};

int64_t numElements(const Shape &shape);

} // namespace netc

#endif // NETC_SEMA_MODEL_H
