// RUN: net-opt %s --net-export-entry-point=symbol=netc_m_run | FileCheck %s
// The model becomes internal with noalias arguments; the exported entry point
// reads the parameter pointers from an array.

// CHECK: llvm.func internal @m(%{{.*}}: !llvm.ptr {llvm.noalias, llvm.readonly}, %{{.*}}: !llvm.ptr {llvm.noalias, llvm.readonly}, %{{.*}}: !llvm.ptr {llvm.noalias, llvm.readonly}, %{{.*}}: !llvm.ptr {llvm.noalias})
// CHECK: llvm.func @netc_m_run(%[[PARAMS:.*]]: !llvm.ptr, %[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr)
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[PARAMS]][0]
// CHECK: %[[P0:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[PARAMS]][1]
// CHECK: %[[P1:.*]] = llvm.load %[[S1]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.call @m(%[[IN]], %[[P0]], %[[P1]], %[[OUT]])
llvm.func @malloc(i64) -> !llvm.ptr
llvm.func @m(%in: !llvm.ptr, %w: !llvm.ptr {net.name = "w"}, %b: !llvm.ptr {net.name = "b"}, %out: !llvm.ptr) {
  llvm.return
}
