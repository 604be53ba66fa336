//===- Evaluator.cpp - Instantiating a model -------------------------------===//
//
// Executes a model body at compile time: evaluates expressions, expands block
// calls, repeats, conditionals and scaling, and builds the layer graph with
// inferred shapes and torchvision-style parameter names. Naming follows
// nn.Sequential: every layer, block or `[...]` sequence takes the next index of
// its enclosing module, and a named one takes its name instead; residual,
// parallel, gate, if and repeat add no level of their own.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "Limits.h"
#include "netc/Sema/Sema.h"

#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace netc;

namespace {

/// Variables visible in a body: parameters, lets and repeat variables.
struct Env {
  const Env *parent = nullptr;
  llvm::StringMap<Value> vars;

  const Value *lookup(llvm::StringRef name) const {
    for (const Env *env = this; env; env = env->parent) {
      auto it = env->vars.find(name);
      if (it != env->vars.end())
        return &it->second;
    }
    return nullptr;
  }
};

/// Where layer outputs go: chained (each layer consumes the previous output)
/// or fanned out (each layer is a branch of a `parallel`, fed its input).
struct Flow {
  unsigned current;
  std::vector<std::pair<unsigned, mlir::Location>> *branches = nullptr;
};

class Evaluator {
public:
  Evaluator(const Program &program, const InstantiateOptions &options,
            mlir::MLIRContext *context)
      : program(program), options(options), context(context),
        model{"", mlir::UnknownLoc::get(context), {}, {}, 0, {}} {}

  std::optional<Model> run(llvm::StringRef name);

private:
  //===-- Diagnostics -----------------------------------------------------===//

  struct Frame {
    std::string note; // "in block 'x' instantiated here"
    mlir::Location loc;
    const ast::Block *block;
    Shape input;
  };

  mlir::InFlightDiagnostic error(mlir::Location loc) {
    mlir::InFlightDiagnostic diag = mlir::emitError(loc);
    for (auto it = frames.rbegin(); it != frames.rend(); ++it)
      if (!it->note.empty())
        diag.attachNote(it->loc) << it->note;
    return diag;
  }
  auto emitter() {
    return [this](mlir::Location loc) { return error(loc); };
  }

  //===-- Expressions -----------------------------------------------------===//

  std::optional<Value> eval(const ast::Expr &e, const Env &env);
  std::optional<std::vector<EvaluatedArg>> evalArgs(const std::vector<ast::Arg> &args,
                                                    const Env &env);
  std::optional<Value> constant(llvm::StringRef name, mlir::Location useLoc);
  std::optional<bool> evalBool(const ast::Expr &e, const Env &env, llvm::StringRef what);

  /// The arguments of a built-in construct (input, scale, residual, ...),
  /// evaluated and matched to its parameters.
  struct BoundArgs {
    std::vector<EvaluatedArg> values;
    std::vector<const EvaluatedArg *> byParam; // points into `values`
  };
  std::optional<BoundArgs> bindConstructArgs(llvm::StringRef construct,
                                             llvm::ArrayRef<ParamSpec> params,
                                             const std::vector<ast::Arg> &args, const Env &env,
                                             mlir::Location loc);

  //===-- Statements and layers -------------------------------------------===//

  /// Counts one step of the instantiation against kMaxSteps.
  bool step(mlir::Location loc);
  bool execBody(const ast::StmtList &body, const Env &parent, Flow &flow);
  bool exec(const ast::Stmt &stmt, Env &env, Flow &flow);
  bool execInput(const ast::Stmt &stmt, const Env &env, Flow &flow);
  bool execScale(const ast::Stmt &stmt, const Env &env);
  std::optional<unsigned> apply(const ast::Layer &layer, llvm::StringRef name, const Env &env,
                                unsigned input);
  std::optional<unsigned> applyBuiltin(llvm::StringRef builtin,
                                       llvm::ArrayRef<EvaluatedArg> args, llvm::StringRef name,
                                       mlir::Location loc, unsigned input);
  std::optional<unsigned> applyBlock(const ast::Block &block, const ast::Layer &layer,
                                     llvm::StringRef name, const Env &env, unsigned input);
  std::optional<unsigned> applyResidual(const ast::Layer &layer, const Env &env, unsigned input);
  std::optional<unsigned> applyParallel(const ast::Layer &layer, const Env &env, unsigned input);
  std::optional<unsigned> applyGate(const ast::Layer &layer, const Env &env, unsigned input);
  std::optional<unsigned> projection(const ast::Layer &layer, unsigned input, const Shape &target);

  /// Matches a call's arguments to a block's (or model's) parameters.
  std::optional<std::vector<const EvaluatedArg *>>
  matchParams(const ast::Block &block, llvm::ArrayRef<EvaluatedArg> args, mlir::Location callLoc);
  /// Defines the parameters in `env`: their arguments, or else their defaults,
  /// evaluated inside the block so they may use earlier parameters and `in`.
  bool defineParams(const ast::Block &block, llvm::ArrayRef<const EvaluatedArg *> bound,
                    Env &env);

  //===-- The graph -------------------------------------------------------===//

  /// Opens the module level `name` (or the next index) of the current module.
  std::optional<std::string> childPath(llvm::StringRef name, mlir::Location loc);
  void pushModule(std::string path, std::string kind, mlir::Location loc);
  void popModule() { scopes.pop_back(); }
  std::optional<unsigned> addNode(Node node);
  const Shape &shapeOf(unsigned node) const { return model.nodes[node].shape; }

  struct Scope {
    int module;
    int64_t nextIndex = 0;
    llvm::StringMap<mlir::Location> names;
  };

  const Program &program;
  const InstantiateOptions &options;
  mlir::MLIRContext *context;
  Model model;
  std::vector<Frame> frames;
  std::vector<Scope> scopes;
  /// The file whose names the code being evaluated sees.
  unsigned currentFile = 0;
  llvm::DenseMap<const ast::Const *, Value> constValues;
  llvm::SmallPtrSet<const ast::Const *, 4> constsInProgress;
  int64_t steps = 0;
  int64_t weightBytes = 0;
  bool inputDeclared = false;
  bool scaleDeclared = false;
};

} // namespace

static std::string shapeString(const Shape &shape) {
  return "[" + llvm::join(llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }),
                          ", ") + "]";
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

std::optional<Value> Evaluator::constant(llvm::StringRef name, mlir::Location useLoc) {
  // Name resolution has checked that `name` is a constant visible here.
  const ast::Const *c = program.lookup(name, currentFile)->constant;
  auto cached = constValues.find(c);
  if (cached != constValues.end())
    return cached->second;
  if (!constsInProgress.insert(c).second) {
    error(useLoc) << "constant '" << name << "' is defined in terms of itself";
    return std::nullopt;
  }
  Env empty;
  unsigned useFile = std::exchange(currentFile, c->file);
  std::optional<Value> value = eval(*c->value, empty);
  currentFile = useFile;
  constsInProgress.erase(c);
  if (value)
    constValues[c] = *value;
  return value;
}

std::optional<bool> Evaluator::evalBool(const ast::Expr &e, const Env &env,
                                        llvm::StringRef what) {
  std::optional<Value> v = eval(e, env);
  if (!v)
    return std::nullopt;
  if (v->kind != Value::Kind::Bool) {
    error(e.loc) << what << " must be a bool, got " << v->typeName() << " " << v->str();
    return std::nullopt;
  }
  return v->b;
}

std::optional<std::vector<EvaluatedArg>> Evaluator::evalArgs(const std::vector<ast::Arg> &args,
                                                             const Env &env) {
  std::vector<EvaluatedArg> result;
  for (const ast::Arg &arg : args) {
    std::optional<Value> v = eval(*arg.value, env);
    if (!v)
      return std::nullopt;
    result.push_back({arg.name, arg.loc, std::move(*v)});
  }
  return result;
}

std::optional<Evaluator::BoundArgs>
Evaluator::bindConstructArgs(llvm::StringRef construct, llvm::ArrayRef<ParamSpec> params,
                             const std::vector<ast::Arg> &args, const Env &env,
                             mlir::Location loc) {
  BoundArgs result;
  auto values = evalArgs(args, env);
  if (!values)
    return std::nullopt;
  result.values = std::move(*values);
  auto bound = bindArgs(construct, params, result.values, loc, emitter());
  if (!bound)
    return std::nullopt;
  result.byParam = std::move(*bound);
  return result;
}

std::optional<Value> Evaluator::eval(const ast::Expr &e, const Env &env) {
  using K = ast::Expr::Kind;
  switch (e.kind) {
  case K::Int:
    return Value::ofInt(e.intValue);
  case K::Float:
    return Value::ofFloat(e.floatValue);
  case K::String:
    return Value::ofString(e.text);
  case K::Bool:
    return Value::ofBool(e.boolValue);
  case K::In:
    if (frames.empty() || frames.back().input.empty()) {
      error(e.loc) << "'in' is not available before the model declares its input";
      return std::nullopt;
    }
    return Value::ofShape(frames.back().input);
  case K::Name:
    if (const Value *v = env.lookup(e.text))
      return *v;
    return constant(e.text, e.loc);
  case K::List: {
    if (e.operands.size() > size_t(limits::kMaxListLength)) {
      error(e.loc) << "list has more than " << limits::kMaxListLength << " elements";
      return std::nullopt;
    }
    std::vector<Value> elements;
    for (const ast::ExprPtr &operand : e.operands) {
      std::optional<Value> v = eval(*operand, env);
      if (!v)
        return std::nullopt;
      elements.push_back(std::move(*v));
    }
    return Value::ofList(std::move(elements));
  }
  case K::Call: {
    auto args = evalArgs(e.args, env);
    if (!args)
      return std::nullopt;
    return callFunction(e.text, *args, model.scale, e.loc, emitter());
  }
  case K::Member: {
    std::optional<Value> base = eval(*e.operands[0], env);
    if (!base)
      return std::nullopt;
    if (base->kind == Value::Kind::Shape) {
      const std::vector<Value> &dims = base->list;
      bool spatial = dims.size() == 4;
      if (e.text == "batch")
        return dims[0];
      if (e.text == "channels" || e.text == "features")
        return dims[1];
      if (e.text == "rank")
        return Value::ofInt(dims.size());
      if (spatial && e.text == "height")
        return dims[2];
      if (spatial && e.text == "width")
        return dims[3];
    }
    error(e.loc) << base->typeName() << " " << base->str() << " has no member '" << e.text
                 << "'";
    return std::nullopt;
  }
  case K::Index: {
    std::optional<Value> base = eval(*e.operands[0], env);
    std::optional<Value> index = base ? eval(*e.operands[1], env) : std::nullopt;
    if (!index)
      return std::nullopt;
    if (base->kind != Value::Kind::List && base->kind != Value::Kind::Shape) {
      error(e.loc) << "cannot index a value of type " << base->typeName();
      return std::nullopt;
    }
    if (index->kind != Value::Kind::Int) {
      error(e.operands[1]->loc) << "list index must be an int, got " << index->typeName();
      return std::nullopt;
    }
    int64_t size = base->list.size(), i = index->i < 0 ? index->i + size : index->i;
    if (i < 0 || i >= size) {
      error(e.operands[1]->loc) << "index " << index->i << " is out of range for a list of "
                                << size << " elements";
      return std::nullopt;
    }
    return base->list[i];
  }
  case K::Unary: {
    std::optional<Value> a = eval(*e.operands[0], env);
    if (!a)
      return std::nullopt;
    std::string message;
    std::optional<Value> r = applyUnary(e.text, *a, message);
    if (!r)
      error(e.loc) << message;
    return r;
  }
  case K::Binary: {
    std::optional<Value> a = eval(*e.operands[0], env);
    if (!a)
      return std::nullopt;
    // `and` / `or` short-circuit, so `i > 0 and xs[i - 1] > 2` is safe.
    if ((e.text == "and" || e.text == "or") && a->kind == Value::Kind::Bool &&
        a->b == (e.text == "or"))
      return a;
    std::optional<Value> b = eval(*e.operands[1], env);
    if (!b)
      return std::nullopt;
    std::string message;
    std::optional<Value> r = applyBinary(e.text, *a, *b, message);
    if (!r)
      error(e.loc) << message;
    return r;
  }
  case K::Cond: {
    std::optional<bool> c = evalBool(*e.operands[0], env, "the condition of '?:'");
    if (!c)
      return std::nullopt;
    return eval(*e.operands[*c ? 1 : 2], env);
  }
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// The graph
//===----------------------------------------------------------------------===//

std::optional<std::string> Evaluator::childPath(llvm::StringRef name, mlir::Location loc) {
  Scope &scope = scopes.back();
  int64_t index = scope.nextIndex++;
  std::string component = name.empty() ? std::to_string(index) : name.str();
  auto [it, inserted] = scope.names.try_emplace(component, loc);
  if (!inserted) {
    auto diag = error(loc) << "a layer named '" << component << "' already exists here";
    diag.attachNote(it->second) << "previous layer '" << component << "' is here";
    return std::nullopt;
  }
  const std::string &prefix = model.modules[scope.module].path;
  return prefix.empty() ? component : prefix + "." + component;
}

void Evaluator::pushModule(std::string path, std::string kind, mlir::Location loc) {
  int parent = scopes.empty() ? -1 : scopes.back().module;
  unsigned depth = parent < 0 ? 0 : model.modules[parent].depth + 1;
  model.modules.push_back({std::move(path), std::move(kind), parent, depth, loc});
  scopes.push_back({int(model.modules.size() - 1), 0, {}});
}

std::optional<unsigned> Evaluator::addNode(Node node) {
  if (int64_t(model.nodes.size()) >= limits::kMaxLayers) {
    error(node.loc) << "the model has more than " << limits::kMaxLayers << " layers";
    return std::nullopt;
  }
  node.module = scopes.back().module;
  auto tooLarge = [&](const Shape &shape, llvm::StringRef what) {
    int64_t n = 1;
    for (int64_t d : shape) {
      if (d > limits::kMaxDimension || llvm::MulOverflow(n, d, n) ||
          n > limits::kMaxTensorElements) {
        error(node.loc) << what << " " << shapeString(shape) << " is too large (limit: "
                        << limits::kMaxTensorElements << " elements, " << limits::kMaxDimension
                        << " per dimension)";
        return true;
      }
    }
    return false;
  };
  if (tooLarge(node.shape, "the output"))
    return std::nullopt;
  for (Tensor &t : node.params) {
    if (tooLarge(t.shape, "parameter '" + t.name + "'"))
      return std::nullopt;
    weightBytes += 4 * t.numElements();
    t.name = node.path + "." + t.name;
  }
  if (weightBytes > limits::kMaxWeightBytes) {
    error(node.loc) << "the model's weights exceed " << (limits::kMaxWeightBytes >> 30)
                    << " GiB";
    return std::nullopt;
  }
  model.nodes.push_back(std::move(node));
  return model.nodes.size() - 1;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

bool Evaluator::execBody(const ast::StmtList &body, const Env &parent, Flow &flow) {
  Env env;
  env.parent = &parent;
  for (const ast::Stmt &stmt : body)
    if (!exec(stmt, env, flow))
      return false;
  return true;
}

bool Evaluator::step(mlir::Location loc) {
  if (++steps <= limits::kMaxSteps)
    return true;
  error(loc) << "instantiating the model takes more than " << limits::kMaxSteps << " steps";
  return false;
}

bool Evaluator::exec(const ast::Stmt &stmt, Env &env, Flow &flow) {
  if (!step(stmt.loc))
    return false;
  using K = ast::Stmt::Kind;
  switch (stmt.kind) {
  case K::Let: {
    std::optional<Value> v = eval(*stmt.expr, env);
    if (!v)
      return false;
    env.vars[stmt.name] = std::move(*v);
    return true;
  }
  case K::Input:
    return execInput(stmt, env, flow);
  case K::Scale:
    return execScale(stmt, env);
  case K::If: {
    std::optional<bool> c = evalBool(*stmt.expr, env, "the condition of 'if'");
    if (!c)
      return false;
    return execBody(*c ? stmt.body : stmt.elseBody, env, flow);
  }
  case K::Require: {
    std::optional<bool> holds = evalBool(*stmt.expr, env, "the condition of 'require'");
    if (!holds)
      return false;
    if (!*holds) {
      if (stmt.name.empty())
        error(stmt.loc) << "requirement failed";
      else
        error(stmt.loc) << stmt.name;
    }
    return *holds;
  }
  case K::Repeat: {
    std::optional<Value> count = eval(*stmt.expr, env);
    if (!count)
      return false;
    if (count->kind != Value::Kind::Int) {
      error(stmt.expr->loc) << "repeat count must be an int, got " << count->typeName() << " "
                            << count->str();
      return false;
    }
    if (count->i < 0) {
      error(stmt.expr->loc) << "repeat count must not be negative, got " << count->i;
      return false;
    }
    for (int64_t i = 0; i < count->i; ++i) {
      if (!step(stmt.loc)) // an iteration counts even when its body is empty
        return false;
      Env loopEnv;
      loopEnv.parent = &env;
      if (!stmt.name.empty())
        loopEnv.vars[stmt.name] = Value::ofInt(i);
      if (!execBody(stmt.body, loopEnv, flow))
        return false;
    }
    return true;
  }
  case K::Layer: {
    if (!inputDeclared) {
      error(stmt.loc) << "the model must declare its input before its first layer";
      return false;
    }
    unsigned current = flow.current;
    for (size_t k = 0; k < stmt.layers.size(); ++k) {
      std::optional<unsigned> out =
          apply(*stmt.layers[k], k == 0 ? llvm::StringRef(stmt.name) : "", env, current);
      if (!out)
        return false;
      current = *out;
    }
    if (flow.branches)
      flow.branches->push_back({current, stmt.loc});
    else
      flow.current = current;
    return true;
  }
  }
  return false;
}

bool Evaluator::execInput(const ast::Stmt &stmt, const Env &env, Flow &flow) {
  // Name resolution keeps `input` out of blocks, and layer statements (which
  // sequences are) cannot precede it: only a second declaration is left.
  if (inputDeclared) {
    error(stmt.loc) << "the model's input is already declared";
    return false;
  }
  static const ParamSpec params[] = {{"channels", true}, {"height", true}, {"width", true}};
  auto bound = bindConstructArgs("input", params, stmt.args, env, stmt.loc);
  if (!bound)
    return false;
  Shape shape = {options.batch};
  for (const EvaluatedArg *arg : bound->byParam) {
    if (arg->value.kind != Value::Kind::Int || arg->value.i < 1 ||
        arg->value.i > limits::kMaxDimension) {
      error(arg->loc) << "input dimensions must be ints between 1 and " << limits::kMaxDimension
                      << ", got " << arg->value.str();
      return false;
    }
    shape.push_back(arg->value.i);
  }
  if (options.inputSize) {
    shape[2] = (*options.inputSize)[0];
    shape[3] = (*options.inputSize)[1];
  }
  Node input{OpKind::Input, "", 0, stmt.loc, {}, shape, {}};
  std::optional<unsigned> id = addNode(std::move(input));
  if (!id)
    return false;
  inputDeclared = true;
  frames.back().input = shape;
  flow.current = *id;
  return true;
}

bool Evaluator::execScale(const ast::Stmt &stmt, const Env &env) {
  if (scaleDeclared || inputDeclared) {
    error(stmt.loc) << (scaleDeclared ? "the model's scaling is already declared"
                                      : "'scale' must come before the model's input and "
                                        "layers, in the model itself");
    return false;
  }
  static const ParamSpec params[] = {{"phi", false},   {"alpha", false}, {"beta", false},
                                     {"gamma", false}, {"width", false}, {"depth", false},
                                     {"resolution", false}};
  auto bound = bindConstructArgs("scale", params, stmt.args, env, stmt.loc);
  if (!bound)
    return false;
  auto number = [&](size_t k, double fallback, double min, double max) -> std::optional<double> {
    const EvaluatedArg *arg = bound->byParam[k];
    if (!arg)
      return fallback;
    if (!arg->value.isNumber() || arg->value.asDouble() < min || arg->value.asDouble() > max) {
      error(arg->loc) << "'" << params[k].name << "' of 'scale' must be a number in ["
                      << Value::ofFloat(min).str() << ", " << Value::ofFloat(max).str()
                      << "], got " << arg->value.str();
      return std::nullopt;
    }
    return arg->value.asDouble();
  };
  auto phi = number(0, 0, limits::kMinPhi, limits::kMaxPhi);
  auto alpha = number(1, 1.2, 1e-3, 100), beta = number(2, 1.1, 1e-3, 100),
       gamma = number(3, 1.15, 1e-3, 100);
  if (!phi || !alpha || !beta || !gamma)
    return false;
  auto width = number(4, std::pow(*beta, *phi), 1e-3, 1000);
  auto depth = number(5, std::pow(*alpha, *phi), 1e-3, 1000);
  if (!width || !depth)
    return false;
  // Coefficients derived from phi must be as sensible as given ones.
  double derived[] = {*width, *depth, std::pow(*gamma, *phi)};
  for (double coefficient : derived) {
    if (coefficient < 1e-3 || coefficient > 1000) {
      error(stmt.loc) << "compound scaling gives a coefficient of " << Value::ofFloat(coefficient).str()
                      << "; width, depth and resolution factors must be in [0.001, 1000.0]";
      return false;
    }
  }
  ScaleInfo &scale = model.scale;
  scale = {true, *phi, *width, *depth, derived[2], 0};
  if (const EvaluatedArg *r = bound->byParam[6]) {
    if (r->value.kind != Value::Kind::Int || r->value.i < 1 ||
        r->value.i > limits::kMaxDimension) {
      error(r->loc) << "'resolution' of 'scale' must be an int between 1 and "
                    << limits::kMaxDimension << ", got " << r->value.str();
      return false;
    }
    scale.resolution = r->value.i;
  }
  scaleDeclared = true;
  return true;
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

std::optional<unsigned> Evaluator::apply(const ast::Layer &layer, llvm::StringRef name,
                                         const Env &env, unsigned input) {
  using K = ast::Layer::Kind;
  if (layer.kind == K::Residual)
    return applyResidual(layer, env, input);
  if (layer.kind == K::Parallel)
    return applyParallel(layer, env, input);
  if (layer.kind == K::Gate)
    return applyGate(layer, env, input);
  if (layer.kind == K::Sequence) {
    std::optional<std::string> path = childPath(name, layer.loc);
    if (!path)
      return std::nullopt;
    pushModule(*path, "sequence", layer.loc);
    Flow flow{input};
    bool ok = execBody(layer.body, env, flow);
    popModule();
    return ok ? std::optional<unsigned>(flow.current) : std::nullopt;
  }
  if (!lookupLayer(layer.callee))
    return applyBlock(*program.lookup(layer.callee, currentFile)->block, layer, name, env, input);
  auto args = evalArgs(layer.args, env);
  if (!args)
    return std::nullopt;
  return applyBuiltin(layer.callee, *args, name, layer.loc, input);
}

std::optional<unsigned> Evaluator::applyBuiltin(llvm::StringRef builtin,
                                                llvm::ArrayRef<EvaluatedArg> args,
                                                llvm::StringRef name, mlir::Location loc,
                                                unsigned input) {
  std::optional<Node> node = buildLayer(*lookupLayer(builtin), args, shapeOf(input), loc,
                                        emitter());
  if (!node)
    return std::nullopt;
  std::optional<std::string> path = childPath(name, loc);
  if (!path)
    return std::nullopt;
  node->path = *path;
  node->operands = {input};
  return addNode(std::move(*node));
}

std::optional<std::vector<const EvaluatedArg *>>
Evaluator::matchParams(const ast::Block &block, llvm::ArrayRef<EvaluatedArg> args,
                       mlir::Location callLoc) {
  std::vector<ParamSpec> specs;
  for (const ast::Param &p : block.params)
    specs.push_back({p.name, !p.defaultValue});
  return bindArgs(block.name, specs, args, callLoc, emitter());
}

bool Evaluator::defineParams(const ast::Block &block, llvm::ArrayRef<const EvaluatedArg *> bound,
                             Env &env) {
  for (size_t k = 0; k < bound.size(); ++k) {
    if (const EvaluatedArg *arg = bound[k]) {
      env.vars[block.params[k].name] = arg->value;
      continue;
    }
    std::optional<Value> v = eval(*block.params[k].defaultValue, env);
    if (!v)
      return false;
    env.vars[block.params[k].name] = std::move(*v);
  }
  return true;
}

std::optional<unsigned> Evaluator::applyBlock(const ast::Block &block, const ast::Layer &layer,
                                              llvm::StringRef name, const Env &env,
                                              unsigned input) {
  for (const Frame &frame : frames) {
    if (frame.block == &block) {
      error(layer.loc) << "block '" << block.name << "' instantiates itself (recursion is not"
                       << " allowed)";
      return std::nullopt;
    }
  }
  if (frames.size() > limits::kMaxInstantiationDepth) { // frames[0] is the model
    error(layer.loc) << "blocks are nested more than " << limits::kMaxInstantiationDepth
                     << " levels deep";
    return std::nullopt;
  }
  auto args = evalArgs(layer.args, env);
  auto bound = args ? matchParams(block, *args, layer.loc) : std::nullopt;
  std::optional<std::string> path = bound ? childPath(name, layer.loc) : std::nullopt;
  if (!path)
    return std::nullopt;

  frames.push_back({"in block '" + block.name + "' instantiated here", layer.loc, &block,
                    shapeOf(input)});
  pushModule(*path, block.name, layer.loc);
  unsigned callerFile = std::exchange(currentFile, block.file);
  Env blockEnv; // blocks see their parameters and the constants, not the caller
  Flow flow{input};
  bool ok = defineParams(block, *bound, blockEnv) && execBody(block.body, blockEnv, flow);
  currentFile = callerFile;
  popModule();
  frames.pop_back();
  return ok ? std::optional<unsigned>(flow.current) : std::nullopt;
}

std::optional<unsigned> Evaluator::projection(const ast::Layer &layer, unsigned input,
                                              const Shape &target) {
  const Shape &from = shapeOf(input);
  auto fail = [&]() -> std::optional<unsigned> {
    error(layer.loc) << "the residual body changes the shape from " << shapeString(from)
                     << " to " << shapeString(target)
                     << ", and no 1x1 strided projection maps one to the other; give an "
                        "explicit 'shortcut'";
    return std::nullopt;
  };
  if (from.size() != 4 || target.size() != 4 || from[0] != target[0])
    return fail();
  // Per dimension, the smallest stride s with ceil(size / s) == target size.
  std::array<int64_t, 2> stride{0, 0};
  for (int d = 0; d < 2; ++d)
    for (int64_t s = 1; s <= from[2 + d] && !stride[d]; ++s)
      if ((from[2 + d] - 1) / s + 1 == target[2 + d])
        stride[d] = s;
  if (!stride[0] || !stride[1])
    return fail();

  std::optional<std::string> path = childPath("downsample", layer.loc);
  if (!path)
    return std::nullopt;
  pushModule(*path, "sequence", layer.loc);
  std::vector<EvaluatedArg> convArgs = {
      {"", layer.loc, Value::ofInt(target[1])},
      {"", layer.loc, Value::ofInt(1)},
      {"stride", layer.loc,
       stride[0] == stride[1] ? Value::ofInt(stride[0])
                              : Value::ofList({Value::ofInt(stride[0]), Value::ofInt(stride[1])})},
      {"bias", layer.loc, Value::ofBool(false)}};
  // Same as writing `downsample = [conv(C, 1, stride: s, bias: false), batchnorm]`.
  std::optional<unsigned> out = applyBuiltin("conv", convArgs, "", layer.loc, input);
  if (out)
    out = applyBuiltin("batchnorm", {}, "", layer.loc, *out);
  popModule();
  return out;
}

std::optional<unsigned> Evaluator::applyResidual(const ast::Layer &layer, const Env &env,
                                                 unsigned input) {
  static const ParamSpec params[] = {{"when", false}};
  auto bound = bindConstructArgs("residual", params, layer.args, env, layer.loc);
  if (!bound)
    return std::nullopt;
  bool enabled = true;
  if (const EvaluatedArg *when = bound->byParam[0]) {
    if (when->value.kind != Value::Kind::Bool) {
      error(when->loc) << "'when' of 'residual' must be a bool, got " << when->value.typeName();
      return std::nullopt;
    }
    enabled = when->value.b;
  }

  Flow body{input};
  if (!execBody(layer.body, env, body))
    return std::nullopt;
  if (!enabled)
    return body.current;

  const Shape &bodyShape = shapeOf(body.current);
  std::optional<unsigned> shortcut = input;
  if (layer.hasShortcut) {
    Flow flow{input};
    if (!execBody(layer.shortcut, env, flow))
      return std::nullopt;
    shortcut = flow.current;
  } else if (shapeOf(input) != bodyShape) {
    shortcut = projection(layer, input, bodyShape);
  }
  if (!shortcut)
    return std::nullopt;
  if (shapeOf(*shortcut) != bodyShape) {
    error(layer.loc) << "residual add: the body gives " << shapeString(bodyShape)
                     << " but the shortcut gives " << shapeString(shapeOf(*shortcut));
    return std::nullopt;
  }
  return addNode({OpKind::Add, "", 0, layer.loc, {body.current, *shortcut}, bodyShape, {}});
}

std::optional<unsigned> Evaluator::applyParallel(const ast::Layer &layer, const Env &env,
                                                 unsigned input) {
  static const ParamSpec params[] = {{"merge", false}};
  auto bound = bindConstructArgs("parallel", params, layer.args, env, layer.loc);
  if (!bound)
    return std::nullopt;
  OpKind merge = OpKind::Concat;
  if (const EvaluatedArg *m = bound->byParam[0]) {
    if (m->value.kind != Value::Kind::String ||
        (m->value.s != "concat" && m->value.s != "add" && m->value.s != "mul")) {
      error(m->loc) << "'merge' of 'parallel' must be \"concat\", \"add\" or \"mul\", got "
                    << m->value.str();
      return std::nullopt;
    }
    merge = m->value.s == "concat" ? OpKind::Concat
            : m->value.s == "add"  ? OpKind::Add
                                   : OpKind::Mul;
  }

  std::vector<std::pair<unsigned, mlir::Location>> branches;
  Flow flow{input, &branches};
  if (!execBody(layer.body, env, flow))
    return std::nullopt;
  if (branches.empty()) {
    error(layer.loc) << "'parallel' has no branches";
    return std::nullopt;
  }
  if (branches.size() == 1)
    return branches[0].first;

  const Shape &first = shapeOf(branches[0].first);
  Shape result = first;
  for (size_t k = 1; k < branches.size(); ++k) {
    const Shape &shape = shapeOf(branches[k].first);
    mlir::Location loc = branches[k].second;
    if (merge == OpKind::Concat) {
      if (shape.size() != first.size() || shape[0] != first[0] ||
          (shape.size() == 4 && (shape[2] != first[2] || shape[3] != first[3]))) {
        auto diag = error(loc) << "cannot concatenate branch " << k << " of shape "
                               << shapeString(shape) << " with branch 0 of shape "
                               << shapeString(first)
                               << ": all but the channel dimension must agree";
        diag.attachNote(branches[0].second) << "branch 0 is here";
        return std::nullopt;
      }
      result[1] += shape[1];
    } else if (shape != first) {
      auto diag = error(loc) << "cannot " << (merge == OpKind::Add ? "add" : "multiply")
                             << " branch " << k << " of shape " << shapeString(shape)
                             << " to branch 0 of shape " << shapeString(first);
      diag.attachNote(branches[0].second) << "branch 0 is here";
      return std::nullopt;
    }
  }
  Node node{merge, "", 0, layer.loc, {}, result, {}};
  for (const auto &branch : branches)
    node.operands.push_back(branch.first);
  return addNode(std::move(node));
}

std::optional<unsigned> Evaluator::applyGate(const ast::Layer &layer, const Env &env,
                                             unsigned input) {
  Flow flow{input};
  if (!execBody(layer.body, env, flow))
    return std::nullopt;
  const Shape &x = shapeOf(input), &g = shapeOf(flow.current);
  bool perChannel = g.size() == 4 && x.size() == 4 && g[0] == x[0] && g[1] == x[1] &&
                    g[2] == 1 && g[3] == 1;
  if (!perChannel && g != x) {
    error(layer.loc) << "the gate gives " << shapeString(g) << ", which cannot scale an input of "
                     << shapeString(x) << "; it must give [N, C, 1, 1] or the input's shape";
    return std::nullopt;
  }
  return addNode({OpKind::Mul, "", 0, layer.loc, {input, flow.current}, x, {}});
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

/// Reads `-D name=value`: an int, a float, true/false, or else a string.
static Value parseDefine(llvm::StringRef text) {
  int64_t i;
  if (!text.getAsInteger(10, i))
    return Value::ofInt(i);
  double f;
  if (!text.getAsDouble(f) && std::isfinite(f))
    return Value::ofFloat(f);
  if (text == "true" || text == "false")
    return Value::ofBool(text == "true");
  return Value::ofString(text.str());
}

std::optional<Model> Evaluator::run(llvm::StringRef name) {
  const Definition *found = program.lookup(name, 0);
  const ast::Block *definition =
      found && found->kind == Definition::Kind::Model ? found->block : nullptr;
  const ast::ModelAlias *alias = found ? found->alias : nullptr;
  if (!definition && !alias) {
    auto diag = mlir::emitError(commandLineLocation(context)) << "no model named '" << name
                                                               << "'";
    std::vector<std::string> names = program.mainModels();
    if (!names.empty())
      diag << "; the file defines " << llvm::join(names, ", ");
    return std::nullopt;
  }
  if (!validateOptions(options, context))
    return std::nullopt;
  mlir::Location commandLine = commandLineLocation(context);

  std::vector<EvaluatedArg> args;
  if (alias) {
    definition = program.lookup(alias->target, alias->file)->block;
    frames.push_back({"in model '" + alias->name + "' defined here", alias->loc, nullptr, {}});
    currentFile = alias->file;
    Env empty;
    auto aliasArgs = evalArgs(alias->args, empty);
    if (!aliasArgs)
      return std::nullopt;
    args = std::move(*aliasArgs);
  } else {
    frames.push_back({"", definition->loc, nullptr, {}});
  }
  frames.back().block = definition;

  // Command-line values replace the ones the alias gives.
  for (const Define &define : options.defines) {
    if (llvm::none_of(definition->params,
                      [&](const ast::Param &p) { return p.name == define.name; })) {
      std::vector<std::string> known;
      for (const ast::Param &p : definition->params)
        known.push_back(p.name);
      mlir::emitError(commandLine) << "-D " << define.name << ": model '" << name
                                   << "' has no parameter '" << define.name << "'"
                                   << (known.empty() ? "" : "; its parameters are ")
                                   << llvm::join(known, ", ");
      return std::nullopt;
    }
    llvm::erase_if(args, [&](const EvaluatedArg &a) { return a.name == define.name; });
    args.push_back({define.name, commandLine, parseDefine(define.value)});
  }

  currentFile = definition->file;
  model.name = name.str();
  model.loc = alias ? alias->loc : definition->loc;
  pushModule("", "model", model.loc);
  Env env;
  Flow flow{0};
  auto bound = matchParams(*definition, args, model.loc);
  if (!bound || !defineParams(*definition, *bound, env) || !execBody(definition->body, env, flow))
    return std::nullopt;
  if (!inputDeclared) {
    error(definition->loc) << "model '" << definition->name << "' does not declare its input;"
                           << " add 'input(channels, height, width)'";
    return std::nullopt;
  }
  model.output = flow.current;
  return std::move(model);
}

mlir::Location netc::commandLineLocation(mlir::MLIRContext *context) {
  return mlir::NameLoc::get(mlir::StringAttr::get(context, "command line"));
}

bool netc::validateOptions(const InstantiateOptions &options, mlir::MLIRContext *context) {
  mlir::Location commandLine = commandLineLocation(context);
  if (options.batch < 1 || options.batch > limits::kMaxBatch) {
    mlir::emitError(commandLine) << "--batch must be between 1 and " << limits::kMaxBatch
                                 << ", got " << options.batch;
    return false;
  }
  if (options.inputSize &&
      llvm::any_of(*options.inputSize,
                   [](int64_t d) { return d < 1 || d > limits::kMaxDimension; })) {
    mlir::emitError(commandLine) << "--input-size must be between 1 and "
                                 << limits::kMaxDimension;
    return false;
  }
  return true;
}

std::optional<Model> netc::instantiate(const Program &program, llvm::StringRef name,
                                       const InstantiateOptions &options,
                                       mlir::MLIRContext *context) {
  return Evaluator(program, options, context).run(name);
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

void netc::printGraph(const Model &model, llvm::raw_ostream &os) {
  os << "model " << model.name << "\n";
  for (unsigned i = 0; i < model.nodes.size(); ++i) {
    const Node &n = model.nodes[i];
    os << "  %" << i << " = " << stringify(n.kind);
    if (n.kind == OpKind::Activation)
      os << "." << stringify(n.activation);
    os << "(";
    llvm::interleaveComma(n.operands, os, [&](unsigned o) { os << "%" << o; });
    os << ")";
    if (!n.path.empty())
      os << " \"" << n.path << "\"";
    auto pair = [&](const char *name, std::array<int64_t, 2> v) {
      os << " " << name << "=" << v[0] << "x" << v[1];
    };
    switch (n.kind) {
    case OpKind::Conv2d:
    case OpKind::MaxPool:
    case OpKind::AvgPool:
      pair("kernel", n.kernel);
      pair("stride", n.stride);
      os << " pad=[" << n.pad[0] << "," << n.pad[1] << "," << n.pad[2] << "," << n.pad[3] << "]";
      if (n.dilation != std::array<int64_t, 2>{1, 1})
        pair("dilation", n.dilation);
      if (n.kind == OpKind::Conv2d)
        os << " groups=" << n.groups << " bias=" << (n.bias ? "true" : "false");
      else
        os << " ceil_mode=" << (n.ceilMode ? "true" : "false");
      if (n.kind == OpKind::AvgPool)
        os << " count_include_pad=" << (n.countIncludePad ? "true" : "false");
      break;
    case OpKind::BatchNorm:
      os << " eps=" << n.eps;
      break;
    case OpKind::Dense:
      os << " bias=" << (n.bias ? "true" : "false");
      break;
    case OpKind::Dropout:
      os << " p=" << n.probability;
      break;
    default:
      break;
    }
    os << " : " << shapeString(n.shape) << "\n";
  }
  os << "  return %" << model.output << "\n";
}
