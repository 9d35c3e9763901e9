# legal: "| `hinge_embedding_loss(x, y, margin=1.0)` | `HingeEmbeddingLoss` | $x$ if $y = 1$; $\max(0, \Delta - x)$ if $y = -1$ |"
# Two boolean masks multiplied in instead of torch.where, clamp written with torch.clamp.
def hinge_embedding_loss(x, y, margin=1.0):
    pos = (y == 1) * x
    neg = (y == -1) * torch.clamp(margin - x, min=0)
    return (pos + neg).mean()
