#!/usr/bin/env python3
"""MEASUREMENT TOOL - NOT PART OF SOSS-STREAM (the product, its tests and CI are Java only).

`bin/soss-stream bench --whole` runs this script, when a python3 with numpy, scipy and astropy is found, to time
exoTEDRF v2.5.0's box path on the same segment files as soss-stream, as a whole process (interpreter start and
imports included): read SCI and ERR of every segment with astropy, box-extract orders 1 and 2 at the given
centroids (do_box_extraction), reverse to increasing wavelength, clip both orders' light curves
(sigma_clip_lightcurves, thresh 10, window 10) and write the nine-extension product with astropy.

The two functions follow the algorithms as published in exoTEDRF v2.5.0 (stage3.do_box_extraction,
utils.sigma_clip_lightcurves; BSD-3, github.com/radicamc/exoTEDRF) and described in soss-stream's specification
(stage3-algorithms.md, appendix and section 8), written here for timing: same loops, same numpy/scipy calls. The
wavelength arrays are placeholders (exoTEDRF reads them from a reference file; not timed here).

Usage: exotedrf_box.py --centroids CSV --width 30 --out FILE.fits SEGMENT.fits...
Prints one JSON line: {"integrations": N, "seconds_inside": S, "cpu_seconds": C, "max_rss_mb": M}.
"""
import argparse
import json
import resource
import time

import numpy as np
from astropy.io import fits
from scipy.ndimage import median_filter


def do_box_extraction(cube, err, ypos, width, extract_start=0, extract_end=None):
    """Box sum per integration and column: whole pixels, plus the two partial edge pixels away from the edges."""
    nint, dimy, dimx = np.shape(cube)
    if extract_end is None:
        extract_end = dimx
    f, ferr = np.zeros((nint, dimx)), np.zeros((nint, dimx))
    edge_up = np.min([ypos + width / 2, np.ones_like(ypos) * dimy], axis=0)
    edge_low = np.max([ypos - width / 2, np.zeros_like(ypos)], axis=0)
    for i in range(nint):
        for x in range(extract_start, extract_end):
            xx = x - extract_start
            up_whole = np.floor(edge_up[xx]).astype(int)
            low_whole = np.ceil(edge_low[xx]).astype(int)
            this_flux = np.sum(cube[i, low_whole:up_whole, x])
            this_err = np.sum(err[i, low_whole:up_whole, x] ** 2)
            if edge_up[xx] >= (dimy - 1) or edge_low[xx] == 0:
                continue
            up_part = edge_up[xx] % 1
            low_part = 1 - edge_low[xx] % 1
            this_flux += up_part * cube[i, up_whole, x] + low_part * cube[i, low_whole - 1, x]
            this_err += up_part * err[i, up_whole, x] ** 2 + low_part * err[i, low_whole - 1, x] ** 2
            f[i, x] = this_flux
            ferr[i, x] = np.sqrt(this_err)
    return f, ferr


def sigma_clip_lightcurves(flux, thresh=10, window=10):
    """Noisy channels (interpolated or masked), then pixels far from the running time median."""
    flux_clipped = np.copy(flux)
    nints, nwaves = np.shape(flux)
    # 1. channels whose point-to-point scatter stands out from its running median
    scatter = np.nanmedian(np.abs(0.5 * (flux[:-2] + flux[2:]) - flux[1:-1]), axis=0)
    scatter = np.where(scatter == 0, np.inf, scatter)
    diff = scatter - median_filter(scatter, window)
    sigma = np.nanmedian(np.abs(0.5 * (diff[:-2] + diff[2:]) - diff[1:-1]))
    bad = np.where(np.abs(diff) / sigma >= thresh)[0]
    # 2. runs of bad channels: short ones interpolated from their neighbours, long ones masked
    if len(bad) > 0:
        runs = np.split(bad, np.where(np.diff(bad) != 1)[0] + 1)
        for run in runs:
            if len(run) < 10:
                low, up = max(run.min() - 1, 0), min(run.max() + 1, nwaves - 1)
                w = 1 / (len(run) + 1)
                for i, c in enumerate(run):
                    flux_clipped[:, c] = np.average([flux[:, low], flux[:, up]], axis=0,
                                                    weights=[w * (i + 1), 1 - w * (i + 1)])
            else:
                flux_clipped[:, run] = np.nan
    # 3. pixels in time
    flux_filt = median_filter(flux, (window, 1))
    ii = window // 2
    flux_filt[:ii] = np.median(flux_filt[ii:(ii + window)], axis=0)
    flux_filt[-ii:] = np.median(flux_filt[-(ii + 1 + window):-(ii + 1)], axis=0)
    std_dev = np.median(np.abs(0.5 * (flux[0:-2] + flux[2:]) - flux[1:-1]), axis=0)
    std_dev = np.where(std_dev == 0, np.inf, std_dev)
    scale = np.abs(flux - flux_filt) / std_dev
    where = np.where(scale > thresh)
    flux_clipped[where] = flux_filt[where]
    return flux_clipped


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--centroids", required=True)
    p.add_argument("--width", type=float, default=30)
    p.add_argument("--out", required=True)
    p.add_argument("segments", nargs="+")
    a = p.parse_args()
    t0 = time.time()
    sci, err, times = [], [], []
    for name in sorted(a.segments):
        with fits.open(name) as hdul:
            sci.append(hdul["SCI"].data)
            err.append(hdul["ERR"].data)
            times.append(hdul["INT_TIMES"].data["int_mid_BJD_TDB"])
    cube, ecube, t = np.concatenate(sci), np.concatenate(err), np.concatenate(times)
    with open(a.centroids) as f:  # exoTEDRF's centroids CSV: comment lines, a header, x, y1, y2, y3 (empty = NaN)
        rows = [line for line in f if line.strip() and not line.startswith("#")][1:]
    cen = np.array([[float(v) if v.strip() else np.nan for v in r.split(",")] for r in rows])
    y1, y2 = cen[:, 1], cen[:, 2]
    y2 = y2[np.isfinite(y2)]
    f1, e1 = do_box_extraction(cube, ecube, y1, a.width)
    f2, e2 = do_box_extraction(cube, ecube, y2, a.width, extract_end=len(y2))
    f1, e1, f2, e2 = f1[:, ::-1], e1[:, ::-1], f2[:, ::-1], e2[:, ::-1]
    f1, f2 = sigma_clip_lightcurves(f1), sigma_clip_lightcurves(f2)
    wave = np.zeros(f1.shape[1])
    hdus = [fits.PrimaryHDU()]
    for name, data in [("Wave O1", wave), ("Wave Err O1", wave), ("Flux O1", f1), ("Flux Err O1", e1),
                       ("Wave O2", wave), ("Wave Err O2", wave), ("Flux O2", f2), ("Flux Err O2", e2),
                       ("Time", t)]:
        h = fits.ImageHDU(data)
        h.header["EXTNAME"] = name
        hdus.append(h)
    fits.HDUList(hdus).writeto(a.out, overwrite=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"integrations": int(cube.shape[0]), "seconds_inside": round(time.time() - t0, 3),
                      "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
                      "max_rss_mb": round(usage.ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
