# legal: "Implement `multi_margin_loss(scores, targets, margin=1.0)` ... matching `nn.MultiMarginLoss(margin=margin)`: a 0-dimensional tensor of the scores' dtype."
# Python loops over the examples and the wrong classes, as the lecture's double sum reads.
def multi_margin_loss(scores, targets, margin=1.0):
    batch, n_classes = scores.shape
    total = scores.new_zeros(())
    for i in range(batch):
        y = int(targets[i])
        for j in range(n_classes):
            if j != y:
                total = total + torch.clamp(scores[i, j] - scores[i, y] + margin, min=0)
    return total / (batch * n_classes)
