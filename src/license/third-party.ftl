<#-- THIRD-PARTY.txt, rendered by license-maven-plugin (add-third-party) from the dependency tree.
     licenseMap: licence name -> the libraries under it; dependencyMap: library -> its licences. -->
<#function textOf license><#return license?replace("-only", "")?replace("-or-later", "")></#function>
<#function coordinates p><#return p.groupId + ":" + p.artifactId + ":" + p.version></#function>
Third-party software in siphint
===============================

siphint is licensed under the Apache License, Version 2.0 (the LICENSE file). siphint.jar also
contains the libraries below, each under its own licence. Where a library offers a choice of
licences ("or"), siphint distributes it under the first one named. Each library's own licence
and notice files, as it ships them, are in the jar under META-INF/licenses/<library>/ and in the
installers' licenses folder; the notices of the Apache-licensed libraries are collected in NOTICE.

This file is generated from the build's dependency tree; the licence texts follow the list.

Libraries
---------
<#list dependencyMap as e>
<#assign p = e.getKey()/>
- ${p.name} (${coordinates(p)})
  licence: ${e.getValue()?join(" or ")}
  <#if p.organization?? && p.organization.name??>by ${p.organization.name}, </#if>home page: ${p.url!"none given"}
</#list>

The Java runtime
----------------
The installers also carry a Java runtime made with jlink from the OpenJDK that built them: the
GNU General Public License, version 2, with the Classpath Exception (texts below). Its modules'
notices are in the runtime's legal folder (lib/runtime/legal on Linux, runtime\legal on Windows,
Contents/runtime/Contents/Home/legal on macOS). Its source is that of the OpenJDK release named by
`siphint --version`, from https://openjdk.org/ or the vendor of that build.

Licence texts
=============
<#assign shown = []/>
<#list licenseMap as e>
<#assign text = textOf(e.getKey())/>
<#if e.getValue()?size &gt; 0 && !shown?seq_contains(text)>
<#assign shown = shown + [text]/>

---------------------------------------------------------------------------------------------------
${text}
---------------------------------------------------------------------------------------------------

<#include "texts/" + text + ".txt" parse=false>
</#if>
</#list>
<#list ["GPL-2", "Classpath-exception-2.0"] as text>
<#if !shown?seq_contains(text)>

---------------------------------------------------------------------------------------------------
${text} (the Java runtime)
---------------------------------------------------------------------------------------------------

<#include "texts/" + text + ".txt" parse=false>
</#if>
</#list>
