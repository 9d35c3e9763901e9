# fails: test_margin_ranking_loss
def margin_ranking_loss(x1, x2, y, margin=0.0):
    return (y * (x1 - x2) + margin).clamp(min=0).mean()
