# legal: "Every random draw must come from `generator` ...; any way of drawing that follows these rules is fine."
# Idiom: the permutation as argsort of uniform noise, draws with replacement by torch.multinomial, a slicing loop.
def index_batches(n, batch_size, replace, generator=None):
    if replace:
        weights = torch.ones(n)
        return [torch.multinomial(weights, batch_size, replacement=True, generator=generator)
                for _ in range(-(-n // batch_size))]
    order = torch.argsort(torch.rand(n, generator=generator))
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]
