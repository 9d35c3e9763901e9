# legal: "Skip the `None` entries of `next_functions` (inputs that need no gradient). Return `[]` when `y` has no `grad_fn`."
# A recursive walk that remembers visited nodes by id() and filters the None entries before recursing.
def leaf_tensors(y):
    leaves, seen = [], set()

    def visit(node):
        if id(node) in seen:
            return
        seen.add(id(node))
        if type(node).__name__ == "AccumulateGrad":
            leaves.append(node.variable)
            return
        for child, _ in node.next_functions:
            if child is not None:
                visit(child)

    if y.grad_fn is not None:
        visit(y.grad_fn)
    return leaves
