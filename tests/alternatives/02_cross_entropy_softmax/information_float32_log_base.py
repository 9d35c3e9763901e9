# legal: "(A float32 `torch.log(torch.tensor(base))` is accepted too: its rounding, about $10^{-7}$ relative, is inside the check's tolerance for float64 inputs, $10^{-6}$.)"
# ln(base) as a float32 0-d tensor: the result keeps the input's dtype (a 0-d tensor does not promote it).
def information(p, base=2):
    return -torch.log(p) / torch.log(torch.tensor(base))
