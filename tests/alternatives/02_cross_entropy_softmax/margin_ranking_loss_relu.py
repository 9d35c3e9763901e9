# legal: "Implement each one to match the class with its default reduction (the mean), without calling it or its functional form"
# torch.relu for max(0, .) (ReLU is not one of the forbidden losses).
def margin_ranking_loss(x1, x2, y, margin=0.0):
    return torch.relu(margin - y * (x1 - x2)).mean()
