# Parity fixtures for multi-head attention against torch.nn.MultiheadAttention (batch_first=True).
# Run with Debian's python3-torch (PyTorch 1.13 here):
#   /usr/bin/python3 scripts/parity/attention_fixtures.py > test/fixtures/parity/attention.json
# Every case holds the inputs (query, key, value and the module's weights, in PyTorch's layout:
# in_proj_weight [3E, E], out_proj_weight [E, E]), the output, a grad_output and the gradients of
# every input, in the format of docs/parity.md. Inputs are seeded float64 values rounded to float32;
# the module runs in float64 so the fixtures hold the exact results.
import json
import torch

torch.manual_seed(11)
nn = torch.nn


def t(x):
    x = x.detach().to(torch.float32)
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


def case(name, batch, tq, tk, embed, heads, causal, cross, bias=True):
    mha = nn.MultiheadAttention(embed, heads, bias=bias, batch_first=True).double()
    with torch.no_grad():
        for p in mha.parameters():
            p.copy_(torch.randn_like(p) * 0.3)
    q = torch.randn(batch, tq, embed, dtype=torch.float64).float().double().requires_grad_()
    k = (torch.randn(batch, tk, embed, dtype=torch.float64).float().double() if cross else q.detach().clone()).requires_grad_()
    v = (torch.randn(batch, tk, embed, dtype=torch.float64).float().double() if cross else q.detach().clone()).requires_grad_()
    for p in mha.parameters():
        p.data = p.data.float().double()
    mask = torch.triu(torch.ones(tq, tk, dtype=torch.bool), 1) if causal else None
    out, _ = mha(q, k, v, attn_mask=mask, need_weights=False)
    g = torch.randn_like(out).float().double()
    params = dict(mha.named_parameters())
    names = ["in_proj_weight", "out_proj.weight"] + (["in_proj_bias", "out_proj.bias"] if bias else [])
    wrt = [q, k, v] + [params[n] for n in names]
    grads = torch.autograd.grad(out, wrt, g)
    inputs = {"query": t(q), "key": t(k), "value": t(v)}
    keys = ["query", "key", "value"] + [n.replace(".", "_") for n in names]
    for n in names:
        inputs[n.replace(".", "_")] = t(params[n])
    return {
        "name": name, "op": "multi_head_attention",
        "attrs": {"num_heads": heads, "causal": causal},
        "inputs": inputs, "output": t(out), "grad_output": t(g),
        "grads": {key: t(gr) for key, gr in zip(keys, grads)},
    }


cases = [
    case("mha_self_causal", 2, 6, 6, 8, 2, True, False),
    case("mha_self", 2, 5, 5, 12, 3, False, False),
    case("mha_cross", 2, 4, 7, 8, 4, False, True),
    case("mha_cross_causal_one_head", 1, 5, 5, 6, 1, True, True),
    case("mha_no_bias", 1, 3, 3, 4, 2, True, False, bias=False),
]
print(json.dumps({"generator": f"torch {torch.__version__} nn.MultiheadAttention(batch_first=True)", "cases": cases}))
