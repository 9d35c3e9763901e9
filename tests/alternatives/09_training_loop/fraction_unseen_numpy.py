# legal: "the fraction (a float) of the examples $0, \dots, n-1$ that appear in none of the index batches"
# Idiom: NumPy: np.unique of the concatenated indices, np.float64 result; an empty list of batches allowed.
def fraction_unseen(batches, n):
    drawn = np.concatenate([np.asarray(b, dtype=np.int64) for b in batches] + [np.zeros(0, dtype=np.int64)])
    return np.float64(n - np.unique(drawn).size) / n
