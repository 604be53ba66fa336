//===- HeaderGen.cpp - The C++ header of a compiled model ------------------===//
#include "netc/Codegen/HeaderGen.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace netc;

static std::string join(llvm::ArrayRef<int64_t> values) {
  return llvm::join(llvm::map_range(values, [](int64_t v) { return std::to_string(v); }), ", ");
}

std::vector<int64_t> netc::preparedOffsets(llvm::ArrayRef<Shape> shapes) {
  std::vector<int64_t> offsets = {0};
  for (const Shape &shape : shapes)
    offsets.push_back(offsets.back() + int64_t(llvm::alignTo(numElements(shape) * sizeof(float), 64)));
  return offsets;
}

/// The CPU target's class: public members after the shared constants, private
/// ones after the weights table.
static void writeCPUPublicMembers(const Model &model, const HeaderOptions &options,
                                  llvm::raw_ostream &os) {
  const std::string &name = model.name;
  const std::string &prefix = options.prefix;
  os << "  /// Loads and checks the weights (a torchvision state_dict saved as\n"
     << "  /// safetensors; throws netc::Error listing every problem), then prepares\n"
     << "  /// them once (folded batch norms).\n";
  os << "  explicit " << name << "(const std::string &weights_path)\n"
     << "      : weights_(netc::Weights::open(weights_path)) { prepare(); }\n";
  os << "  /// The same from a safetensors image in memory, which must outlive this.\n";
  os << "  " << name << "(const void *data, size_t size)\n"
     << "      : weights_(netc::Weights::fromBuffer(data, size)) { prepare(); }\n";
  os << "  " << name << "(const " << name << " &) = delete;\n";
  os << "  " << name << " &operator=(const " << name << " &) = delete;\n\n";
  os << "  /// input: input_size floats; output: output_size floats. The scratch\n"
     << "  /// memory is the calling thread's (netc::threadArena).\n";
  os << "  void run(const float *input, float *output) const {\n"
     << "    run(input, output, netc::threadArena(arena_bytes));\n  }\n\n";
  os << "  /// The same in caller-owned scratch memory: arena_bytes, 64-byte aligned,\n"
     << "  /// used by one inference at a time.\n";
  os << "  void run(const float *input, float *output, void *arena) const {\n"
     << "    " << prefix << "_run(input, tensors_.data(), output, arena);\n  }\n\n";
  os << "  /// Threads that run() calls made from the calling thread use (default: one\n"
     << "  /// per core, or OMP_NUM_THREADS); throws netc::Error if count < 1.\n";
  os << "  static void set_threads(int32_t count) { netc::setThreads(count); }\n\n";
}

static void writeCPUPrivateMembers(const Model &model, const HeaderOptions &options,
                                   llvm::raw_ostream &os) {
  const std::string &prefix = options.prefix;
  os << "  void prepare() {\n"
     << "    tensors_ = weights_.bind(tensors(), num_tensors);\n";
  // One block (on huge pages where possible) for every prepared tensor, each
  // at a 64-byte-aligned offset.
  std::vector<int64_t> offsets = preparedOffsets(options.prepared);
  os << "    static const int64_t offsets[] = {" << join(offsets) << "};\n"
     << "    prepared_ = netc::Memory(" << offsets.back() << ");\n"
     << "    std::vector<float *> outputs;\n"
     << "    for (size_t i = 0; i < " << options.prepared.size() << "; ++i)\n"
     << "      outputs.push_back(reinterpret_cast<float *>(static_cast<char *>(prepared_.get()) +\n"
     << "                                                  offsets[i]));\n"
     << "    " << prefix << "_prepare(tensors_.data(), outputs.data());\n"
     << "    tensors_.insert(tensors_.end(), outputs.begin(), outputs.end());\n  }\n\n";
  os << "  netc::Weights weights_;\n"
     << "  netc::Memory prepared_;\n"
     << "  std::vector<const float *> tensors_; // parameters, then prepared tensors\n";
}

/// The CUDA target's class: public members after the shared constants,
/// private ones after the weights table.
static void writeCUDAPublicMembers(const Model &model, const HeaderOptions &options,
                                   llvm::raw_ostream &os) {
  const std::string &name = model.name;
  const std::string &prefix = options.prefix;
  os << "  static constexpr int64_t prepare_arena_bytes = " << options.prepareArenaBytes << ";\n";
  os << "  /// The GPU architecture the kernels were compiled for (and newer ones).\n";
  os << "  static constexpr const char *architecture = \"" << options.gpuChip << "\";\n\n";
  os << "  /// Loads and checks the weights (a torchvision state_dict saved as\n"
     << "  /// safetensors), uploads them to CUDA device `device` and prepares them\n"
     << "  /// there once; throws netc::Error (bad weights, no usable GPU, any CUDA\n"
     << "  /// failure, named).\n";
  os << "  explicit " << name << "(const std::string &weights_path, int32_t device = 0)\n"
     << "      : device_(device) { upload(netc::Weights::open(weights_path)); }\n";
  os << "  /// The same from a safetensors image in memory.\n";
  os << "  " << name << "(const void *data, size_t size, int32_t device = 0)\n"
     << "      : device_(device) { upload(netc::Weights::fromBuffer(data, size)); }\n";
  os << "  " << name << "(const " << name << " &) = delete;\n";
  os << "  " << name << " &operator=(const " << name << " &) = delete;\n\n";
  os << "  /// Host memory, like the CPU target: input_size floats in, output_size\n"
     << "  /// floats out; returns when the output is there. Calls on one instance\n"
     << "  /// take turns.\n";
  os << "  void run(const float *input, float *output) {\n"
     << "    std::lock_guard<std::mutex> lock(mutex_);\n"
     << "    stream_.copyToDevice(input_.get(), input, input_size * sizeof(float));\n"
     << "    run(input_.floats(), output_.floats(), stream_.get());\n"
     << "    stream_.copyToHost(output, output_.get(), output_size * sizeof(float));\n"
     << "    stream_.synchronize();\n  }\n\n";
  os << "  /// Device memory: queues one inference on `stream` (a CUstream or\n"
     << "  /// cudaStream_t; nullptr for the default stream) and returns without\n"
     << "  /// waiting. The inferences of one instance share its device arena: queue\n"
     << "  /// them on one stream.\n";
  os << "  void run(const float *device_input, float *device_output, void *stream) {\n"
     << "    netc::cuda::launchChecked([&] {\n"
     << "      " << prefix << "_run(device_input, tensors_.data(), device_output, arena_.get(), "
                              "stream);\n"
     << "    });\n  }\n\n";
}

static void writeCUDAPrivateMembers(const Model &model, const HeaderOptions &options,
                                    llvm::raw_ostream &os) {
  const std::string &prefix = options.prefix;
  int sm = std::stoi(options.gpuChip.substr(3));
  std::vector<Shape> paramShapes;
  for (const Tensor *tensor : model.tensors())
    paramShapes.push_back(tensor->shape);
  std::vector<int64_t> paramOffsets = preparedOffsets(paramShapes);
  std::vector<int64_t> paramBytes;
  for (const Shape &shape : paramShapes)
    paramBytes.push_back(numElements(shape) * int64_t(sizeof(float)));
  std::vector<int64_t> preparedAt = preparedOffsets(options.prepared);
  os << "  /// Makes the device current before any member uses it.\n"
     << "  struct Device {\n"
     << "    explicit Device(int32_t device) { netc::cuda::open(device, " << sm / 10 << ", "
     << sm % 10 << "); }\n  };\n\n";
  os << "  void upload(const netc::Weights &weights) {\n"
     << "    std::vector<const float *> host = weights.bind(tensors(), num_tensors);\n"
     << "    static const int64_t param_offsets[] = {" << join(paramOffsets) << "};\n"
     << "    static const int64_t param_bytes[] = {" << join(paramBytes) << "};\n"
     << "    static const int64_t prepared_offsets[] = {" << join(preparedAt) << "};\n"
     << "    params_ = netc::cuda::DeviceMemory(" << paramOffsets.back() << ");\n"
     << "    prepared_ = netc::cuda::DeviceMemory(" << preparedAt.back() << ");\n"
     << "    arena_ = netc::cuda::DeviceMemory(arena_bytes);\n"
     << "    input_ = netc::cuda::DeviceMemory(input_size * sizeof(float));\n"
     << "    output_ = netc::cuda::DeviceMemory(output_size * sizeof(float));\n"
     << "    for (int32_t i = 0; i < num_tensors; ++i) {\n"
     << "      tensors_.push_back(params_.floats(param_offsets[i]));\n"
     << "      stream_.copyToDevice(params_.floats(param_offsets[i]), host[i], param_bytes[i]);\n"
     << "    }\n"
     << "    std::vector<float *> outputs;\n"
     << "    for (size_t i = 0; i < " << options.prepared.size() << "; ++i)\n"
     << "      outputs.push_back(prepared_.floats(prepared_offsets[i]));\n"
     << "    netc::cuda::DeviceMemory scratch(prepare_arena_bytes);\n"
     << "    netc::cuda::launchChecked([&] {\n"
     << "      " << prefix << "_prepare(tensors_.data(), outputs.data(), scratch.get(), "
                              "stream_.get());\n"
     << "    });\n"
     << "    stream_.synchronize(); // the host weights and the scratch go now\n"
     << "    tensors_.insert(tensors_.end(), outputs.begin(), outputs.end());\n  }\n\n";
  os << "  Device device_;\n"
     << "  netc::cuda::Stream stream_;\n"
     << "  netc::cuda::DeviceMemory params_, prepared_, arena_, input_, output_;\n"
     << "  std::vector<const float *> tensors_; // device: parameters, then prepared tensors\n"
     << "  std::mutex mutex_;\n";
}

void netc::writeModelHeader(const Model &model, const HeaderOptions &options,
                            llvm::raw_ostream &os) {
  std::vector<const Tensor *> tensors = model.tensors();
  const std::string &name = model.name;
  bool cuda = !options.gpuChip.empty();
  std::string guard = "NETC_" + llvm::StringRef(options.cppNamespace).upper() + "_" +
                      llvm::StringRef(name).upper() + "_H";
  os << "// Generated by netc from " << options.source << " (model " << name << "";
  if (cuda)
    os << ", CUDA " << options.gpuChip;
  os << "). Do not edit.\n";
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << (cuda ? "#include \"netc/cuda.hpp\"\n" : "#include \"netc/runtime.hpp\"\n")
     << "\n#include <array>\n#include <cstdint>\n"
     << (cuda ? "#include <mutex>\n" : "") << "#include <string>\n#include <vector>\n\n";
  std::string extra = cuda ? ", void *arena, void *stream" : "";
  os << "extern \"C\" void " << options.prefix
     << "_prepare(const float *const *params, float *const *prepared" << extra << ");\n";
  os << "extern \"C\" void " << options.prefix
     << "_run(const float *input, const float *const *tensors, float *output, void *arena"
     << (cuda ? ", void *stream" : "") << ");\n\n";
  os << "namespace " << options.cppNamespace << " {\n\n";
  os << "/// " << name << " compiled by netc" << (cuda ? " for CUDA " + options.gpuChip : "")
     << ": float32 NCHW input, float32 output.\n";
  if (!cuda)
    os << "/// One instance per set of weights; run() may be called from several threads\n"
       << "/// at once.\n";
  os << "class " << name << " {\npublic:\n";
  Shape input = model.inputShape(), output = model.outputShape();
  os << llvm::formatv("  static constexpr std::array<int64_t, {0}> input_shape = {{{1}};\n",
                      input.size(), join(input));
  os << llvm::formatv("  static constexpr std::array<int64_t, {0}> output_shape = {{{1}};\n",
                      output.size(), join(output));
  os << "  static constexpr int64_t input_size = " << numElements(input) << ";\n";
  os << "  static constexpr int64_t output_size = " << numElements(output) << ";\n";
  os << "  static constexpr int64_t parameters = " << model.trainableParameters() << ";\n";
  os << "  static constexpr int64_t macs = " << model.macs() << ";\n";
  os << "  static constexpr int32_t num_tensors = " << tensors.size() << ";\n";
  os << "  /// Scratch memory of one inference" << (cuda ? " (on the device)" : "")
     << ": every intermediate tensor, planned at\n"
     << "  /// compile time with buffers reused once dead.\n";
  os << "  static constexpr int64_t arena_bytes = " << options.arenaBytes << ";\n";
  os << "\n";
  if (cuda)
    writeCUDAPublicMembers(model, options, os);
  else
    writeCPUPublicMembers(model, options, os);
  os << "  /// What the weights file must provide, in state_dict order.\n";
  os << "  static const netc_tensor_info *tensors() {\n";
  for (size_t i = 0; i < tensors.size(); ++i)
    os << "    static const int64_t shape" << i << "[] = {" << join(tensors[i]->shape) << "};\n";
  os << "    static const netc_tensor_info table[] = {\n";
  for (size_t i = 0; i < tensors.size(); ++i)
    os << "        {\"" << tensors[i]->name << "\", " << tensors[i]->shape.size() << ", shape"
       << i << "},\n";
  os << "    };\n    return table;\n  }\n\n";
  os << "private:\n";
  if (cuda)
    writeCUDAPrivateMembers(model, options, os);
  else
    writeCPUPrivateMembers(model, options, os);
  os << "};\n\n} // namespace " << options.cppNamespace << "\n\n#endif // " << guard << "\n";
}
