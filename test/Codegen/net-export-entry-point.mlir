// RUN: net-opt %s --net-export-entry-point=prefix=netc_m | FileCheck %s
// The run and prepare functions become internal with noalias arguments; the
// exported entry points read tensor pointers from arrays.

// CHECK: llvm.func internal @m_prepare(%{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias})
// CHECK-NOT: net.entry
// CHECK: llvm.func internal @m(%{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias})

// run(input, tensors, output, arena): the tensors are the parameter and the
// prepared one.
// CHECK: llvm.func @netc_m_run(%[[IN:.*]]: !llvm.ptr, %[[TENSORS:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr, %[[ARENA:.*]]: !llvm.ptr)
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[TENSORS]][0]
// CHECK: %[[T0:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[TENSORS]][1]
// CHECK: %[[T1:.*]] = llvm.load %[[S1]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.call @m(%[[IN]], %[[T0]], %[[T1]], %[[OUT]], %[[ARENA]])

// prepare(params, prepared): named arguments come from the first array.
// CHECK: llvm.func @netc_m_prepare(%[[PARAMS:.*]]: !llvm.ptr, %[[PREPARED:.*]]: !llvm.ptr)
// CHECK: llvm.getelementptr %[[PARAMS]][0]
// CHECK: llvm.getelementptr %[[PARAMS]][1]
// CHECK: llvm.getelementptr %[[PREPARED]][0]
// CHECK: llvm.call @m_prepare(
llvm.func @malloc(i64) -> !llvm.ptr
llvm.func @m_prepare(%w: !llvm.ptr {net.name = "w"}, %b: !llvm.ptr {net.name = "b"}, %out: !llvm.ptr)
    attributes {net.entry = "prepare"} {
  llvm.return
}
llvm.func @m(%in: !llvm.ptr, %w: !llvm.ptr {net.name = "w"}, %p: !llvm.ptr, %out: !llvm.ptr,
             %arena: !llvm.ptr)
    attributes {net.arena_bytes = 64 : i64, net.entry = "run"} {
  llvm.return
}
