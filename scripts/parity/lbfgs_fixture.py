# Generates test/fixtures/parity/lbfgs.json: torch.optim.LBFGS trajectories (docs/parity.md).
# Run: /usr/bin/python3 scripts/parity/lbfgs_fixture.py > test/fixtures/parity/lbfgs.json
# Each case starts from inputs.w, calls opt.step(closure) `steps` times, and records w after each call.
# Losses (float32): rosenbrock  sum_i 100 (w[i+1] - w[i]^2)^2 + (1 - w[i])^2
#                   least_squares  0.5 * ||A w - b||^2 + 0.05 * ||w||^2
import json, torch

torch.manual_seed(0)

def rosenbrock(w, _):
    return (100 * (w[1:] - w[:-1] ** 2) ** 2 + (1 - w[:-1]) ** 2).sum()

def least_squares(w, inputs):
    r = inputs['A'] @ w - inputs['b']
    return 0.5 * (r * r).sum() + 0.05 * (w * w).sum()

LOSSES = {'rosenbrock': rosenbrock, 'least_squares': least_squares}

def tensor_json(t):
    return {'shape': list(t.shape), 'data': [float(v) for v in t.detach().reshape(-1).tolist()]}

def case(name, loss, w0, inputs, steps, **options):
    w = w0.clone().requires_grad_(True)
    opt = torch.optim.LBFGS([w], **options)
    trajectory = []
    for _ in range(steps):
        def closure():
            opt.zero_grad()
            l = LOSSES[loss](w, inputs)
            l.backward()
            return l
        opt.step(closure)
        trajectory.append(tensor_json(w))
    attrs = {'optimizer': 'lbfgs', 'loss': loss, 'steps': steps, **options}
    return {'name': name, 'op': 'optimizer', 'attrs': attrs,
            'inputs': {'w': tensor_json(w0), **{k: tensor_json(v) for k, v in inputs.items()}}, 'trajectory': trajectory}

A = torch.randn(12, 6); b = torch.randn(12)
cases = [
    case('lbfgs_rosenbrock_wolfe', 'rosenbrock', torch.tensor([-1.2, 1.0, -0.5, 0.8]), {}, 6,
         lr=1, max_iter=5, history_size=10, line_search_fn='strong_wolfe'),
    case('lbfgs_rosenbrock_fixed_step', 'rosenbrock', torch.tensor([-0.3, 0.4, 0.2]), {}, 4,
         lr=0.0005, max_iter=4, history_size=3),
    case('lbfgs_least_squares_wolfe', 'least_squares', torch.randn(6), {'A': A, 'b': b}, 3,
         lr=1, max_iter=4, history_size=5, line_search_fn='strong_wolfe'),
    case('lbfgs_least_squares_one_iter_per_step', 'least_squares', torch.randn(6), {'A': A, 'b': b}, 8,
         lr=1, max_iter=1, history_size=4, line_search_fn='strong_wolfe'),
]
print(json.dumps({'generator': f'torch {torch.__version__} scripts/parity/lbfgs_fixture.py', 'seed': 0, 'layout': 'plain', 'cases': cases}))
