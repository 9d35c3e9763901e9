# fails: test_kl_div_loss
def kl_div_loss(log_q, p):
    log_p = torch.log(torch.where(p > 0, p, torch.ones_like(p)))
    return (p * (log_p - log_q)).mean()
