# Reference for RobustPolyfitTest.huberMatchesScipy: APPLESOSS robust_polyfit semantics (np.polyfit clipping,
# then scipy least_squares loss='huber', f_scale=0.1) on deterministic contaminated data.
import numpy as np
from scipy.optimize import least_squares
x = np.arange(0, 2048, 4).astype(float)
y = 50 + 0.01*x - 3e-6*x**2 + 0.3*np.sin(0.37*x)
y[::5] += 0.8          # moderate one-sided contamination: survives 3-sigma clipping, pulled down by Huber
y[::97] += 40.0        # gross outliers: removed by clipping
def robust(x, y, order):
    mask = np.ones_like(x, dtype=bool)
    for _ in range(5):
        p = np.polyfit(x[mask], y[mask], order)
        res = y - np.polyval(p, x)
        mask = np.abs(res) <= 3*np.std(res)
    r = least_squares(lambda p, x, y: np.polyval(p, x) - y, p, loss='huber', f_scale=0.1, args=(x[mask], y[mask]))
    return p, r.x, mask.sum()
for order in (1, 3):
    p, h, n = robust(x, y, order)
    print(order, n, [repr(np.polyval(h, v)) for v in (0.0, 500.0, 1023.5, 1500.0, 2047.0)],
          'LS:', [repr(np.polyval(p, v)) for v in (0.0, 1023.5, 2047.0)])
