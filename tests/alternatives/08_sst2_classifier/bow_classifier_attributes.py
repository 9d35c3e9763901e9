# legal: "with exactly two `nn.Linear` layers and two `nn.Dropout` modules (so that `model.eval()` turns dropout off)"
# Separate attributes instead of an nn.Sequential, the ReLU as a function in forward.
class BowClassifier(nn.Module):
    def __init__(self, vocab_size: int, hidden: int = 64, p_in: float = 0.5, p_hidden: float = 0.5):
        super().__init__()
        self.drop_in = nn.Dropout(p_in)
        self.fc1 = nn.Linear(vocab_size, hidden)
        self.drop_hidden = nn.Dropout(p_hidden)
        self.fc2 = nn.Linear(hidden, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.drop_hidden(F.relu(self.fc1(self.drop_in(x)))))
