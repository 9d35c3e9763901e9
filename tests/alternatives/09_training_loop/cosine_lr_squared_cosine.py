# legal: "Both return a number (a Python or NumPy float, not a tensor), equal to what PyTorch's scheduler gives"
# Idiom: another formula, (1 + cos 2a) / 2 = cos^2 a, with NumPy (returns np.float64).
def cosine_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * np.cos(np.pi * epoch / (2 * T_max)) ** 2
