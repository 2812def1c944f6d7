"""HTTP load benchmark of the API with wrk, against a bare Litestar calibration app."""
