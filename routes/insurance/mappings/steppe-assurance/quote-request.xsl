<?xml version="1.0" encoding="UTF-8"?>
<!-- the hub's quote input ({request, application}, given as the parameter $request) as the GetQuote payload -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:kz:insurance:medical:v1"
                exclude-result-prefixes="xs" expand-text="yes">
    <xsl:output method="xml" omit-xml-declaration="yes"/>
    <xsl:param name="request" as="xs:string"/>
    <xsl:template match="/">
        <xsl:variable name="in" select="parse-json($request)"/>
        <xsl:variable name="a" select="$in?application"/>
        <GetQuoteRequest>
            <reference>{$a?applicationId}</reference>
            <insured>
                <documentNumber>{$a?documentNumber}</documentNumber>
                <nationality>{$a?nationality}</nationality>
                <surname>{$a?surname}</surname>
                <xsl:if test="exists($a?givenNames)"><givenNames>{$a?givenNames}</givenNames></xsl:if>
                <dateOfBirth>{$a?dateOfBirth}</dateOfBirth>
            </insured>
            <coverage>{$in?request?coverage}</coverage>
            <coverFrom>{$a?coverFrom}</coverFrom>
            <coverUntil>{$a?coverUntil}</coverUntil>
        </GetQuoteRequest>
    </xsl:template>
</xsl:stylesheet>
