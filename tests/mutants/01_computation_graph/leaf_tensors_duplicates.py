# fails: test_leaf_tensors
def leaf_tensors(y):
    found, stack = [], [y.grad_fn] if y.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if hasattr(node, "variable"):
            found.append(node.variable)
        stack.extend(child for child, _ in node.next_functions)
    return found
