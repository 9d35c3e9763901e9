# fails: test_elastic_net_penalty
def elastic_net_penalty(params, beta):
    return beta * l2_penalty(params) + l1_penalty(params)
