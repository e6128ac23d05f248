package io.sossstream.atoca;

/**
 * Tensor-product cubic interpolating spline on a rectangular grid, the equivalent of SciPy's
 * {@code RectBivariateSpline(x, y, z, bbox, kx=ky=3, s=0)}: FITPACK's s=0 knots on each axis (interior knots at
 * the data points except the two next to each end, end knots at the bounding box), and arguments clamped to the
 * bounding box when evaluating ({@code fpbisp}).
 */
final class BicubicSpline {
    private final double[] tx;
    private final double[] ty;
    private final double[][] coefficients;  // [ix][iy]

    /**
     * @param x  increasing abscissae (first axis), length ≥ 4
     * @param y  increasing ordinates (second axis), length ≥ 4
     * @param z  values z[ix][iy]
     * @param xb bounding box of x (NaN = x[0] / x[last])
     */
    BicubicSpline(double[] x, double[] y, double[][] z, double xb, double xe, double yb, double ye) {
        tx = BSplineCurve.interpolationKnots(x, Double.isNaN(xb) ? x[0] : xb, Double.isNaN(xe) ? x[x.length - 1] : xe);
        ty = BSplineCurve.interpolationKnots(y, Double.isNaN(yb) ? y[0] : yb, Double.isNaN(ye) ? y[y.length - 1] : ye);
        int nx = x.length;
        int ny = y.length;
        // Interpolate along x for every y column, then along y for every x coefficient row.
        double[][] alongX = new double[nx][ny];
        double[] col = new double[nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                col[i] = z[i][j];
            }
            double[] c = BSplineCurve.solveCollocation(tx, x, col);
            for (int i = 0; i < nx; i++) {
                alongX[i][j] = c[i];
            }
        }
        coefficients = new double[nx][];
        for (int i = 0; i < nx; i++) {
            coefficients[i] = BSplineCurve.solveCollocation(ty, y, alongX[i]);
        }
    }

    private final double[] bx = new double[4];
    private final double[] by = new double[4];
    private final double[] scratch = new double[8];

    /** s(x, y), arguments clamped to the bounding box. Not thread-safe (reuses scratch arrays). */
    double value(double x, double y) {
        int nx = coefficients.length;
        int ny = coefficients[0].length;
        x = Math.min(Math.max(x, tx[3]), tx[nx]);
        y = Math.min(Math.max(y, ty[3]), ty[ny]);
        int sx = BSplineCurve.findSpan(tx, nx, x);
        int sy = BSplineCurve.findSpan(ty, ny, y);
        BSplineCurve.basisFunctions(tx, sx, x, bx, scratch);
        BSplineCurve.basisFunctions(ty, sy, y, by, scratch);
        double s = 0;
        for (int a = 0; a < 4; a++) {
            double[] row = coefficients[sx - 3 + a];
            double r = 0;
            for (int b = 0; b < 4; b++) {
                r += by[b] * row[sy - 3 + b];
            }
            s += bx[a] * r;
        }
        return s;
    }
}
