# legal: "`__getitem__(self, i)` returns the pair `(x, y)` for example `i` (a tuple or a list of two)"
# Idiom: returns a list [x, y]; stores the pairs as a list of tuples made by zip, the length from X.shape[0].
class TensorPairs(Dataset):
    def __init__(self, X, y, transform=None):
        if X.shape[0] != len(y):
            raise ValueError("X and y must hold the same number of examples")
        self.pairs = list(zip(X, y))
        self.transform = transform

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, i):
        x, y = self.pairs[i]
        return [self.transform(x) if self.transform else x, y]
