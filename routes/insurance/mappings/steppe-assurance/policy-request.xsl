<?xml version="1.0" encoding="UTF-8"?>
<!-- the hub's quote (given as the parameter $request) as the IssuePolicy payload -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:kz:insurance:medical:v1"
                exclude-result-prefixes="xs" expand-text="yes">
    <xsl:output method="xml" omit-xml-declaration="yes"/>
    <xsl:param name="request" as="xs:string"/>
    <xsl:template match="/">
        <xsl:variable name="quote" select="parse-json($request)"/>
        <IssuePolicyRequest>
            <quoteId>{$quote?quoteId}</quoteId>
            <reference>{$quote?reference}</reference>
        </IssuePolicyRequest>
    </xsl:template>
</xsl:stylesheet>
