# legal: "Leave the true class out of each sum (with it, every example would cost $\Delta / C$ more)."
# Sums relu over all classes and then subtracts the true class's own term, which is exactly max(0, margin) = margin.
def multi_margin_loss(scores, targets, margin=1.0):
    B, C = scores.shape
    true_score = scores[torch.arange(B), targets].unsqueeze(1)
    per_example = torch.relu(scores - true_score + margin).sum(dim=1) - margin
    return per_example.mean() / C
