# fails: test_step_lr
# Runs PyTorch's StepLR instead of writing the formula (forbidden by the text).
def step_lr(base_lr, epoch, step_size, gamma):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
    sched = StepLR(opt, step_size=step_size, gamma=gamma)
    for _ in range(epoch):
        opt.step()
        sched.step()
    return opt.param_groups[0]["lr"]
