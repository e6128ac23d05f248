# Produces the scipy reference values used by ButterworthTest / FiltFiltTest.
# Run once with Debian python3-scipy (1.17.1, numpy 2.4.6 here):
#   python3 make_scipy_reference.py
# Output: butter_coefficients.csv (design, kind, index, value) and filtfilt_reference.csv (i, x, y).
import numpy as np
from scipy.signal import butter, filtfilt

designs = [(3, 0.05, 'high'), (3, 0.05, 'low'), (2, 0.3, 'high'), (5, 0.12, 'low'), (4, 0.6, 'high')]
with open('butter_coefficients.csv', 'w') as f:
    f.write('# scipy.signal.butter(N, Wn, btype) coefficients, scipy 1.17.1 (Debian python3-scipy)\n')
    f.write('order,wn,btype,kind,index,value\n')
    for n, wn, bt in designs:
        b, a = butter(n, wn, bt)
        for kind, arr in (('b', b), ('a', a)):
            for i, v in enumerate(arr):
                f.write(f'{n},{float(wn)!r},{bt},{kind},{i},{float(v)!r}\n')

i = np.arange(300)
x = np.sin(0.07 * i) + 0.5 * np.cos(0.31 * i) + 0.01 * i + np.where(i > 150, 2.0, 0.0) + 0.3 * np.sin(1.3 * i) ** 3
b, a = butter(3, 0.05, 'high')
y = filtfilt(b, a, x)
with open('filtfilt_reference.csv', 'w') as f:
    f.write('# x[i] = sin(0.07 i) + 0.5 cos(0.31 i) + 0.01 i + (i > 150 ? 2 : 0) + 0.3 sin(1.3 i)^3, i = 0..299\n')
    f.write('# y = scipy.signal.filtfilt(*butter(3, 0.05, "high"), x), scipy 1.17.1 defaults (padtype odd)\n')
    f.write('i,x,y\n')
    for k in range(len(x)):
        f.write(f'{k},{float(x[k])!r},{float(y[k])!r}\n')
