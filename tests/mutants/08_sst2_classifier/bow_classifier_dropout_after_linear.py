# fails: test_BowClassifier
class BowClassifier(nn.Module):
    def __init__(self, vocab_size, hidden=64, p_in=0.5, p_hidden=0.5):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(vocab_size, hidden),
            nn.Dropout(p_in),  # should drop input words, before the first layer
            nn.ReLU(),
            nn.Dropout(p_hidden),
            nn.Linear(hidden, 2),
        )

    def forward(self, x):
        return self.net(x)
