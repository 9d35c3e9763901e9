# fails: test_leaf_tensors
def leaf_tensors(y):
    found, seen, stack = [], set(), [y.grad_fn] if y.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        if hasattr(node, "variable"):
            found.append(node.variable)
        else:
            found.append(node)  # intermediate results too
        stack.extend(child for child, _ in node.next_functions)
    return found
