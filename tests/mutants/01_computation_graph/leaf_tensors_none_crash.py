# fails: test_leaf_tensors
# The natural walk that forgets the (None, 0) entries of inputs that need no gradient: AttributeError.
def leaf_tensors(y):
    found, seen, stack = [], set(), [y.grad_fn] if y.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if hasattr(node, "variable"):
            found.append(node.variable)
        stack.extend(child for child, _ in node.next_functions)
    return found
