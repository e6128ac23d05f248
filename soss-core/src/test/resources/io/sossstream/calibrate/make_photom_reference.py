# Reference flux-calibration factors (Jy per DN/s) following exoTEDRF wave_and_flux_calibrations
# (stage3.py) with numpy only (no astropy here): python3 make_photom_reference.py
# Output: photom_scaling_reference.csv (order, pwcpos, x, scaling).
import numpy as np

RES = '../../../../../main/resources/io/sossstream/reference/'

def hdus(path):
    raw = open(path, 'rb').read()
    pos, out = 0, []
    while pos < len(raw):
        cards = {}
        while True:
            blk = raw[pos:pos + 2880].decode('latin1'); pos += 2880
            done = False
            for j in range(0, 2880, 80):
                c = blk[j:j + 80]
                if c.startswith('END     '):
                    done = True; break
                if '=' in c[:10]:
                    v = c[10:].split('/')[0].strip().strip("'").strip()
                    cards[c[:8].strip()] = v
            if done: break
        size = int(cards.get('NAXIS1', 0)) * int(cards.get('NAXIS2', 0)) if int(cards.get('NAXIS', 0)) >= 2 else 0
        out.append((cards, raw[pos:pos + size]))
        pos += (size + 2879) // 2880 * 2880
    return out

def table(cards, data):
    n = int(cards['TFIELDS']); fields = []
    for i in range(1, n + 1):
        f = cards['TFORM%d' % i]; cnt = int(f[:-1] or 1); t = f[-1]
        dt = {'D': '>f8', 'E': '>f4', 'I': '>i2', 'J': '>i4', 'A': 'S%d' % cnt}[t]
        fields.append((cards['TTYPE%d' % i], dt) if t == 'A' or cnt == 1 else (cards['TTYPE%d' % i], dt, cnt))
    return np.frombuffer(data, np.dtype(fields), count=int(cards['NAXIS2']))

photom = table(*hdus(RES + 'jwst_niriss_photom_rev2.fits')[1])
trace = hdus(RES + 'jwst_niriss_spectrace_0023.fits')
with open('photom_scaling_reference.csv', 'w') as f:
    f.write('# exoTEDRF wave_and_flux_calibrations re-done with numpy on the packaged photom rev2 + spectrace 0023\n')
    f.write('order,pwcpos,x,scaling\n')
    for m in (1, 2):
        w = photom[m - 1]['wavelength'].astype(float); s = (photom[m - 1]['relresponse'] * photom[m - 1]['photmj']).astype(float)
        ind = (w != 0) | (s != 0); w, s = w[ind], s[ind]
        t = table(*trace[m])
        for pwcpos in (245.7909, 246.3, 245.1):
            xoff = -11.0 * (pwcpos - 245.7909)
            xs = np.arange(2048)
            ii = np.argsort(t['X'])
            lam = np.interp(xs, t['X'][ii] + xoff, t['WAVELENGTH'][ii])
            jj = np.argsort(w)
            sc = np.interp(lam, w[jj], s[jj])
            for x in (0, 1, 300, 1000, 1500, 1990, 2047):
                f.write(f'{m},{pwcpos!r},{x},{float(sc[x])!r}\n')
