// RUN: net-opt %s --canonicalize | FileCheck %s
// Dropout is the identity at inference and folds away.

// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @dropout(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %y = net.dropout %x probability 0.2 : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
