# fails: test_tokenize
def tokenize(text):
    return word_punct.tokenize(text)
