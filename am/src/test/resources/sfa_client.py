#!/usr/bin/env python3
"""An SFA client on Python's standard library only, as sfi bootstraps and uses a registry:
GetSelfCredential over TLS with a self-signed certificate of the user's key, the GID taken from
that credential, then Resolve, List and GetCredential(slice) with the GID as client certificate,
and the slice credential used at the aggregate manager (Allocate, Describe, Delete).

Prints one line per call; exits non-zero at the first answer that is not what sfi expects.

usage: sfa_client.py REGISTRY_URL AM_URL CA_PEM SELF_SIGNED_PEM KEY_PEM USER_HRN SLICE_HRN NODE_URN WORK_DIR
"""
import base64
import os
import ssl
import sys
import textwrap
import xml.etree.ElementTree as ElementTree
import xmlrpc.client


def context(ca, cert, key):
    result = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=ca)
    result.load_cert_chain(cert, key)
    return result


def urn(hrn, kind):
    parts = hrn.split(".")
    return "urn:publicid:IDN+%s+%s+%s" % (":".join(parts[:-1]), kind, parts[-1])


def owner_gid_pem(credential):
    root = ElementTree.fromstring(credential)
    body = "".join(root.find("credential").find("owner_gid").text.split())
    der = base64.b64decode(body)
    lines = textwrap.wrap(base64.b64encode(der).decode("ascii"), 64)
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def main(argv):
    registry_url, am_url, ca, self_signed, key, user_hrn, slice_hrn, node_urn, work = argv[1:10]
    with open(self_signed) as f:
        certificate = f.read()
    bootstrap = xmlrpc.client.ServerProxy(registry_url, context=context(ca, self_signed, key), allow_none=True)
    user_credential = bootstrap.GetSelfCredential(certificate, user_hrn, "user")
    print("GetSelfCredential: %d bytes" % len(user_credential))
    gid_file = os.path.join(work, user_hrn + ".user.gid")
    with open(gid_file, "w") as f:
        f.write(owner_gid_pem(user_credential))

    registry = xmlrpc.client.ServerProxy(registry_url, context=context(ca, gid_file, key), allow_none=True)
    version = registry.GetVersion()
    print("GetVersion: interface=%s hrn=%s" % (version["interface"], version["hrn"]))
    record = registry.Resolve(user_hrn, user_credential)[0]
    print("Resolve: type=%s email=%s has gid: %s" % (record["type"], record["email"], "BEGIN CERTIFICATE" in record["gid"]))
    authority_hrn = user_hrn.rsplit(".", 1)[0]
    children = registry.List(authority_hrn, [user_credential], {})
    print("List: %s" % ",".join(sorted(child["hrn"] for child in children)))
    slice_credential = registry.GetCredential(user_credential, slice_hrn, "slice")
    print("GetCredential: slice credential %d bytes" % len(slice_credential))
    try:
        registry.GetCredential(user_credential, authority_hrn, "authority")
        print("GetCredential authority: not refused")
        return 3
    except xmlrpc.client.Fault as fault:
        print("GetCredential authority: fault %d" % fault.faultCode)

    am = xmlrpc.client.ServerProxy(am_url, context=context(ca, gid_file, key), allow_none=True)
    credentials = [{"geni_type": "geni_sfa", "geni_version": "3", "geni_value": slice_credential}]
    request = ('<rspec type="request" xmlns="http://www.geni.net/resources/rspec/3">'
               '<node client_id="web" component_id="%s" exclusive="false">'
               '<sliver_type name="plab-vserver"/></node></rspec>' % node_urn)
    slice_urn = urn(slice_hrn, "slice")
    for name, answer in (("Allocate", lambda: am.Allocate(slice_urn, credentials, request, {})),
                         ("Describe", lambda: am.Describe([slice_urn], credentials,
                                                          {"geni_rspec_version": {"type": "GENI", "version": "3"}})),
                         ("Delete", lambda: am.Delete([slice_urn], credentials, {}))):
        result = answer()
        code = result["code"]["geni_code"]
        print("%s geni_code=%d %s" % (name, code, result.get("output", "")))
        if code != 0:
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
