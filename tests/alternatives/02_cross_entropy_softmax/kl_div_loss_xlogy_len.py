# legal: "`reduction=\"batchmean\"` divides the sum by the batch size `log_q.shape[0]`"
# xlogy for p log p (0 log 0 = 0) and len(log_q) for the batch size.
def kl_div_loss(log_q, p):
    return (torch.special.xlogy(p, p) - p * log_q).sum() / len(log_q)
