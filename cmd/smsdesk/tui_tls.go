package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"os"

	"smsdesk/i18n"
)

// clientTLS is the sync client's TLS setting for --ca-cert: the system's
// roots plus the private CA in file, so a server whose certificate that CA
// signed is trusted and public ones still are. No file: nil, the system's
// roots alone. The error is already a sentence for the seller.
func clientTLS(t *i18n.Printer, file string) (*tls.Config, error) {
	if file == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, errors.New(t.T("cli.tui.ca_cert_read", file, err.Error()))
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		// No system roots here (some minimal systems): the CA alone.
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New(t.T("cli.tui.ca_cert_none", file))
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}
