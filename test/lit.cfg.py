# lit configuration for netc. Build paths come from lit.site.cfg.py.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "netc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".net", ".mlir", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.netc_obj_root, "test")

config.substitutions.append(("%stdlib", os.path.join(config.netc_src_root, "stdlib")))
config.substitutions.append(("%tools", os.path.join(config.netc_src_root, "tools")))
# Building a program against a compiled model and the runtime.
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%runtime_include", config.runtime_include))
config.substitutions.append(("%runtime_libs", config.runtime_libs))
# Debian's PyTorch is only visible to the system interpreter.
config.substitutions.append(("%torch_python", "/usr/bin/python3"))
# Random models and reproducers against their PyTorch twins.
config.substitutions.append(("%netsmith", "/usr/bin/python3 %s --build %s" % (
    os.path.join(config.netc_src_root, "tools", "netsmith"), config.netc_obj_root)))

# A CUDA toolkit (ptxas) for the tests of assembling kernels, and a GPU for the
# tests that run them (test/GPU); both optional.
cuda_path = os.environ.get("CUDA_PATH") or "/usr/local/cuda"
if all(os.access(os.path.join(cuda_path, "bin", tool), os.X_OK) for tool in ("ptxas", "fatbinary")):
    config.available_features.add("ptxas")
    config.substitutions.append(("%cuda_path", cuda_path))
if os.path.exists("/dev/nvidia0") or os.path.exists("/dev/nvidiactl"):
    config.available_features.add("cuda-device")
config.substitutions.append(("%llvm_include", os.path.join(config.llvm_tools_dir, "..", "include")))

llvm_config.with_system_environment(["HOME", "TMPDIR", "CUDA_PATH"])
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()
llvm_config.add_tool_substitutions(["netc", "net-opt"], [config.netc_tools_dir])
